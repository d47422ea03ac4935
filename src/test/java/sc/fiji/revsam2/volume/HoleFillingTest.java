package sc.fiji.revsam2.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HoleFillingTest {

	/** '#' foreground (logit 5), '.' background (logit -3), rows top to bottom. */
	private static float[] map(String... rows) {
		int w = rows[0].length();
		float[] f = new float[w * rows.length];
		for (int y = 0; y < rows.length; y++) {
			for (int x = 0; x < w; x++) f[y * w + x] = rows[y].charAt(x) == '#' ? 5f : -3f;
		}
		return f;
	}

	/** The pixels that changed, as a picture: 'F' filled, '#' foreground, '.' background. */
	private static String diff(float[] before, float[] after, int w) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < before.length; i++) {
			if (i > 0 && i % w == 0) sb.append('/');
			sb.append(after[i] != before[i] ? (after[i] == HoleFilling.FILL_VALUE ? 'F' : '?') : before[i] > 0 ? '#' : '.');
		}
		return sb.toString();
	}

	@Test
	void fillsAOnePixelHole() {
		float[] m = map(
				"#####",
				"##.##",
				"#####");
		float[] out = HoleFilling.fill(m, 5, 3, 1);
		assertEquals("#####/##F##/#####", diff(m, out, 5));
		assertEquals(HoleFilling.FILL_VALUE, out[7]);
		assertEquals(0.1f, out[7]);
	}

	@Test
	void eightPixelHoleFilledAtEightButNotAtSeven() {
		float[] m = map(
				"######",
				"#....#",
				"#....#",
				"######");
		assertEquals("######/#FFFF#/#FFFF#/######", diff(m, HoleFilling.fill(m, 6, 4, 8), 6));
		assertArrayEquals(m, HoleFilling.fill(m, 6, 4, 7));
	}

	@Test
	void ninePixelHoleIsNotFilledAtEight() {
		float[] m = map(
				"#####",
				"#...#",
				"#...#",
				"#...#",
				"#####");
		assertArrayEquals(m, HoleFilling.fill(m, 5, 5, 8));
		assertEquals("#####/#FFF#/#FFF#/#FFF#/#####", diff(m, HoleFilling.fill(m, 5, 5, 9), 5));
	}

	@Test
	void diagonalNeighboursJoinTwoHoles() {
		// two 1-pixel holes touching at a corner form one component of area 2 (8-connectivity)
		float[] m = map(
				"####",
				"#.##",
				"##.#",
				"####");
		assertArrayEquals(m, HoleFilling.fill(m, 4, 4, 1));
		assertEquals("####/#F##/##F#/####", diff(m, HoleFilling.fill(m, 4, 4, 2), 4));
	}

	@Test
	void borderComponentsAreFilledToo() {
		// a 2-pixel background notch at the top edge and the big outside region
		float[] m = map(
				"#..####",
				"#######",
				"##...##",
				".......");
		// notch (2 px) filled; the bottom region (3 + 7 = 10 px, joined through row 2) is not
		assertEquals("#FF####/#######/##...##/.......", diff(m, HoleFilling.fill(m, 7, 4, 8), 7));
	}

	@Test
	void allForegroundAndAllBackground() {
		float[] fg = map("###", "###");
		assertArrayEquals(fg, HoleFilling.fill(fg, 3, 2, 100));
		float[] bg = map("...", "...");
		// one background component of area 6: filled only when maxArea >= 6
		assertArrayEquals(bg, HoleFilling.fill(bg, 3, 2, 5));
		float[] filled = HoleFilling.fill(bg, 3, 2, 6);
		for (float v : filled) assertEquals(HoleFilling.FILL_VALUE, v);
	}

	@Test
	void zeroLogitIsBackgroundAndNaNIsNot() {
		float[] m = { 1, 1, 1, 1, 0, 1, 1, Float.NaN, 1 };
		float[] out = HoleFilling.fill(m, 3, 3, 1);
		assertEquals(HoleFilling.FILL_VALUE, out[4]);
		assertTrue(Float.isNaN(out[7]));
	}

	@Test
	void nonPositiveMaxAreaReturnsAnUnchangedCopy() {
		float[] m = map("#.#", "###");
		float[] out = HoleFilling.fill(m, 3, 2, 0);
		assertArrayEquals(m, out);
		assertNotSame(m, out);
		assertArrayEquals(m, HoleFilling.fill(m, 3, 2, -5));
	}

	@Test
	void inputIsNotModified() {
		float[] m = map("###", "#.#", "###");
		float[] copy = m.clone();
		HoleFilling.fill(m, 3, 3, 8);
		assertArrayEquals(copy, m);
	}

	@Test
	void rejectsBadArguments() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HoleFilling.fill(new float[5], 2, 3, 8));
		assertTrue(e.getMessage().contains("5") && e.getMessage().contains("2 x 3"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> HoleFilling.fill(null, 2, 3, 8));
		assertThrows(IllegalArgumentException.class, () -> HoleFilling.fill(new float[0], 0, 0, 8));
	}
}
