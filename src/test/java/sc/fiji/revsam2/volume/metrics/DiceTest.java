package sc.fiji.revsam2.volume.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Mask2D;

class DiceTest {

	private static Mask2D mask(int w, int h, int... on) {
		Mask2D m = new Mask2D(w, h);
		for (int i : on) m.pixels()[i] = true;
		return m;
	}

	@Test
	void twoDimensional() {
		assertEquals(1.0, Dice.of(mask(3, 2, 0, 4), mask(3, 2, 0, 4)));
		assertEquals(0.0, Dice.of(mask(3, 2, 0, 1), mask(3, 2, 4, 5)));
		// |A| = 3, |B| = 2, overlap 1: 2 / 5
		assertEquals(0.4, Dice.of(mask(3, 2, 0, 1, 2), mask(3, 2, 2, 5)), 1e-15);
	}

	@Test
	void emptyConventions2D() {
		assertEquals(1.0, Dice.of(new Mask2D(4, 4), new Mask2D(4, 4)));
		assertEquals(0.0, Dice.of(new Mask2D(4, 4), mask(4, 4, 3)));
		assertEquals(0.0, Dice.of(mask(4, 4, 3), new Mask2D(4, 4)));
	}

	@Test
	void sizeMismatchNamesBothSizes2D() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dice.of(new Mask2D(4, 3), new Mask2D(3, 4)));
		assertTrue(e.getMessage().contains("4 x 3") && e.getMessage().contains("3 x 4"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Dice.of(null, new Mask2D(1, 1)));
	}

	@Test
	void volumeDiceSumsCountsOverSlicesBeforeDividing() {
		LabelVolume pred = LabelVolume.zeros(4, 1, 2, null);
		LabelVolume truth = LabelVolume.zeros(4, 1, 2, null);
		// slice 0: pred {0,1,2}, truth {0}: TP 1, FP 2
		pred.set(0, 0, 0, 1);
		pred.set(1, 0, 0, 1);
		pred.set(2, 0, 0, 1);
		truth.set(0, 0, 0, 1);
		// slice 1: pred {}, truth {1,2,3}: FN 3 (per-slice mean would be (0.5 + 0) / 2)
		truth.set(1, 0, 1, 1);
		truth.set(2, 0, 1, 1);
		truth.set(3, 0, 1, 1);
		// 2TP / (2TP + FP + FN) = 2 / (2 + 2 + 3)
		assertEquals(2.0 / 7.0, Dice.of(pred, truth, 1), 1e-15);
		// another class present in neither: 1; present only in one: 0
		assertEquals(1.0, Dice.of(pred, truth, 2));
		pred.set(3, 0, 0, 2);
		assertEquals(0.0, Dice.of(pred, truth, 2));
		assertEquals(0.0, Dice.of(truth, pred, 2));
	}

	@Test
	void classesAreSeparate() {
		LabelVolume pred = LabelVolume.zeros(2, 1, 1, null);
		LabelVolume truth = LabelVolume.zeros(2, 1, 1, null);
		pred.set(0, 0, 0, 1);
		pred.set(1, 0, 0, 2);
		truth.set(0, 0, 0, 2);
		truth.set(1, 0, 0, 2);
		assertEquals(0.0, Dice.of(pred, truth, 1));
		assertEquals(2.0 / 3.0, Dice.of(pred, truth, 2), 1e-15);
		// labels above 32767 (stored as negative shorts) work
		pred.set(0, 0, 0, 65535);
		truth.set(0, 0, 0, 65535);
		assertEquals(1.0, Dice.of(pred, truth, 65535));
	}

	@Test
	void volumeArgumentsAreChecked() {
		LabelVolume a = LabelVolume.zeros(4, 3, 2, null);
		LabelVolume b = LabelVolume.zeros(4, 3, 5, null);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dice.of(a, b, 1));
		assertTrue(e.getMessage().contains("4 x 3 x 2") && e.getMessage().contains("4 x 3 x 5"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Dice.of(a, a, 0));
		assertThrows(IllegalArgumentException.class, () -> Dice.of(a, a, 65536));
		assertThrows(IllegalArgumentException.class, () -> Dice.of(null, a, 1));
	}
}
