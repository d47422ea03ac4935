package sc.fiji.revsam2.volume.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;

class EvaluationTest {

	static final Spacing ISO = SurfaceDiceTest.ISO;

	/** class 1 identical, class 2 shifted by one voxel, class 3 only in the truth. */
	static LabelVolume[] threeClasses() {
		LabelVolume truth = LabelVolume.zeros(16, 8, 8, ISO);
		LabelVolume pred = LabelVolume.zeros(16, 8, 8, ISO);
		SurfaceDiceTest.paint(truth, 1, 0, 2, 0, 2, 0, 2);
		SurfaceDiceTest.paint(pred, 1, 0, 2, 0, 2, 0, 2);
		SurfaceDiceTest.paint(truth, 2, 6, 8, 2, 4, 2, 4);
		SurfaceDiceTest.paint(pred, 2, 7, 9, 2, 4, 2, 4);
		SurfaceDiceTest.paint(truth, 3, 12, 13, 5, 6, 5, 6);
		return new LabelVolume[] { pred, truth };
	}

	@Test
	void perClassScoresAndMeans() {
		LabelVolume[] v = threeClasses();
		Evaluation e = Evaluation.of(v[0], v[1], 0.5);
		assertEquals(0.5, e.tolerance());
		List<ClassScore> c = e.classes();
		assertEquals(3, c.size());
		assertEquals(new ClassScore(1, 1.0, 1.0), c.get(0));
		// cubes of 27 voxels overlapping in 18: Dice 36/54; NSD as in SurfaceDiceTest: 32/52
		assertEquals(2, c.get(1).label());
		assertEquals(36.0 / 54.0, c.get(1).dice(), 1e-15);
		assertEquals(32.0 / 52.0, c.get(1).surfaceDice(), 1e-15);
		assertEquals(new ClassScore(3, 0.0, 0.0), c.get(2));
		assertEquals((1 + 36.0 / 54.0 + 0) / 3, e.meanDice(), 1e-15);
		assertEquals((1 + 32.0 / 52.0 + 0) / 3, e.meanSurfaceDice(), 1e-15);
		// at 1 mm the shifted class is perfect on surfaces
		assertEquals((1 + 1 + 0) / 3.0, Evaluation.of(v[0], v[1], 1.0).meanSurfaceDice(), 1e-15);
	}

	@Test
	void explicitLabelsChooseTheClasses() {
		LabelVolume[] v = threeClasses();
		Evaluation e = Evaluation.of(v[0], v[1], new int[] { 2, 1 }, 0.5);
		assertEquals(2, e.classes().size());
		assertEquals(1, e.classes().get(0).label());
		assertEquals((1 + 36.0 / 54.0) / 2, e.meanDice(), 1e-15);
		// a class in neither volume scores 1
		Evaluation absent = Evaluation.of(v[0], v[1], new int[] { 9 }, 0.5);
		assertEquals(1.0, absent.meanDice());
		assertEquals(1.0, absent.meanSurfaceDice());
	}

	@Test
	void predictedOnlyClassCountsAsZeroAndNoClassesGiveOne() {
		LabelVolume truth = LabelVolume.zeros(4, 4, 2, ISO);
		LabelVolume pred = LabelVolume.zeros(4, 4, 2, ISO);
		Evaluation none = Evaluation.of(pred, truth, 1);
		assertTrue(none.classes().isEmpty());
		assertEquals(1.0, none.meanDice());
		assertEquals(1.0, none.meanSurfaceDice());
		pred.set(1, 1, 1, 4);
		Evaluation e = Evaluation.of(pred, truth, 1);
		assertEquals(List.of(new ClassScore(4, 0, 0)), e.classes());
	}

	@Test
	void rejectsBadArguments() {
		LabelVolume a = LabelVolume.zeros(4, 4, 2, ISO), b = LabelVolume.zeros(4, 4, 3, ISO);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluation.of(a, b, 1));
		assertTrue(e.getMessage().contains("4 x 4 x 2") && e.getMessage().contains("4 x 4 x 3"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Evaluation.of(a, a, new int[0], 1));
		assertThrows(IllegalArgumentException.class, () -> Evaluation.of(a, a, new int[] { 1, 1 }, 1));
		assertThrows(IllegalArgumentException.class, () -> Evaluation.of(a, a, new int[] { 0 }, 1));
		assertThrows(IllegalArgumentException.class, () -> Evaluation.of(a, a, -1));
		assertThrows(IllegalArgumentException.class, () -> Evaluation.of(a, a, new int[] { 1 }, 1, null));
	}
}
