package sc.fiji.revsam2.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntensityWindowTest {

	@Test
	void widthLevelGivesBounds() {
		IntensityWindow w = IntensityWindow.ofWidthLevel(400, 40);
		assertEquals(-160, w.lo());
		assertEquals(240, w.hi());
		assertEquals(400, w.width());
		assertEquals(40, w.level());
		assertFalse(w.isMinMax());
	}

	@Test
	void presetsHaveTheirCtValues() {
		assertEquals(new IntensityWindow(-160, 240), IntensityWindow.CT_ABDOMEN);
		assertEquals(new IntensityWindow(-1350, 150), IntensityWindow.CT_LUNG);
		assertEquals(new IntensityWindow(-500, 1300), IntensityWindow.CT_BONE);
		assertEquals(new IntensityWindow(0, 80), IntensityWindow.CT_BRAIN);
		assertEquals(new IntensityWindow(-45, 105), IntensityWindow.CT_LIVER);
		assertEquals(new IntensityWindow(-125, 225), IntensityWindow.CT_MEDIASTINUM);
		assertEquals(6, IntensityWindow.presets().size());
		for (var e : IntensityWindow.presets().entrySet()) assertEquals(e.getValue(), IntensityWindow.parse(e.getKey()));
	}

	@Test
	void parsesEveryForm() {
		assertSame(IntensityWindow.MIN_MAX, IntensityWindow.parse("min-max"));
		assertTrue(IntensityWindow.parse(" MinMax ").isMinMax());
		assertEquals(IntensityWindow.CT_ABDOMEN, IntensityWindow.parse("Abdomen"));
		assertEquals(IntensityWindow.CT_LUNG, IntensityWindow.parse("lung"));
		assertEquals(new IntensityWindow(-160, 240), IntensityWindow.parse("400,40"));
		assertEquals(new IntensityWindow(-1350, 150), IntensityWindow.parse("1500, -600"));
		assertEquals(new IntensityWindow(-1350, 150), IntensityWindow.parse("W1500/L-600"));
		assertEquals(new IntensityWindow(-160, 240), IntensityWindow.parse("-160:240"));
		assertEquals(new IntensityWindow(0.5, 1e3), IntensityWindow.parse("0.5 : 1e3"));
	}

	@Test
	void rejectsAnythingElseWithAHelpfulMessage() {
		for (String bad : new String[] { "", "abdomenx", "400", "400;40", "a:b", "1:2:3", "NaN:4", "Infinity,2" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntensityWindow.parse(bad), bad);
			assertTrue(e.getMessage().contains("min-max") && e.getMessage().contains("lo:hi") && e.getMessage().contains("abdomen"), e.getMessage());
		}
		IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> IntensityWindow.parse("0,40"));
		assertTrue(w.getMessage().contains("width"), w.getMessage());
		assertThrows(IllegalArgumentException.class, () -> IntensityWindow.parse("-10,40"));
		IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> IntensityWindow.parse("240:-160"));
		assertTrue(r.getMessage().contains("lo < hi"), r.getMessage());
		assertThrows(IllegalArgumentException.class, () -> IntensityWindow.parse(null));
		assertThrows(IllegalArgumentException.class, () -> new IntensityWindow(Double.NaN, 1));
		assertThrows(IllegalArgumentException.class, () -> new IntensityWindow(0, Double.POSITIVE_INFINITY));
	}

	@Test
	void minMaxResolvesToTheVolumeRange() {
		Volume v = new Volume(2, 1, new float[][] { { 3, Float.NaN }, { -2, 7 } }, null);
		assertEquals(new IntensityWindow(-2, 7), IntensityWindow.MIN_MAX.resolve(v));
		assertSame(IntensityWindow.CT_BONE, IntensityWindow.CT_BONE.resolve(v));
		Volume allNaN = new Volume(1, 1, new float[][] { { Float.NaN } }, null);
		assertEquals(new IntensityWindow(0, 0), IntensityWindow.MIN_MAX.resolve(allNaN));
	}

	@Test
	void printsReadably() {
		assertEquals("min-max", IntensityWindow.MIN_MAX.toString());
		assertEquals("-160:240 (W400/L40)", IntensityWindow.CT_ABDOMEN.toString());
	}
}
