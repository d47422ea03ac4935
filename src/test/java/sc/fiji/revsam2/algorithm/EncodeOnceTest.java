package sc.fiji.revsam2.algorithm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sc.fiji.revsam2.sam2.InstrumentedSam2Model;
import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.ModelCallStats.Kind;
import sc.fiji.revsam2.task.CancelledException;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.testing.FakeSam2Model;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/** The work a run does, counted on a fake model: nothing is computed twice. */
class EncodeOnceTest {

	static Volume volume(int d, long seed) {
		java.util.Random r = new java.util.Random(seed);
		float[][] s = new float[d][24 * 20];
		for (float[] slice : s) for (int i = 0; i < slice.length; i++) slice[i] = r.nextFloat() * 100;
		return new Volume(24, 20, s, Spacing.UNIT);
	}

	static Mask2D square(int w, int h) {
		Mask2D m = new Mask2D(w, h);
		for (int y = 5; y < 12; y++) for (int x = 6; x < 15; x++) m.set(x, y, true);
		return m;
	}

	static List<Support> supports(Volume source, int n) {
		List<Support> out = new ArrayList<>();
		for (int j = 0; j < n; j++) out.add(new Support(source, j, square(source.width(), source.height())));
		return out;
	}

	@Test
	void everyImageIsEncodedOnceAndReverseSupportsAreBatched() {
		int d = 9, n = 4, k = 3;
		FakeSam2Model fake = new FakeSam2Model();
		InstrumentedSam2Model model = new InstrumentedSam2Model(fake);
		Volume query = volume(d, 1), atlas = volume(n, 2);
		RevSam2Result r;
		try (SliceFeatureCache cache = new SliceFeatureCache(model, 1L << 30)) {
			r = new RevSam2(model, cache).run(query, supports(atlas, n), new RevSam2Options().k(k), TaskMonitor.NONE);
		}
		// exactly N + D images through the image encoder, no image twice
		assertEquals(n + d, model.stats().count(Kind.IMAGE_ENCODER));
		assertEquals(n + d, fake.encodedImages.size());
		Map<float[], Boolean> distinct = new IdentityHashMap<>();
		fake.encodedImages.forEach(i -> distinct.put(i, true));
		assertEquals(n + d, distinct.size());

		// stage 1: one attention per query slice against the N support memories and pointers
		// stage 2: one batched attention of all N supports per query slice against its one memory
		int forwardCalls = 0, reverseCalls = 0;
		for (int i = 0; i < fake.banks.size(); i++) {
			MemoryBankInput b = fake.banks.get(i);
			if (fake.bankBatchSizes.get(i) == n) {
				reverseCalls++;
				assertEquals(1, b.memories().size());
				assertEquals(1, b.pointers().size());
				assertEquals(1f, b.pointers().get(0).normalisedDistance(), 0f);
			} else if (b.memories().size() == n && i < 2 * d) {
				forwardCalls++;
			}
		}
		assertEquals(d, forwardCalls);
		assertEquals(d, reverseCalls);
		StageReport fwdRev = r.stages().get(1);
		assertEquals(2L * d, fwdRev.calls().count(Kind.MEMORY_ATTENTION));
		assertEquals((long) d + (long) d * n, fwdRev.calls().count(Kind.MEMORY_ATTENTION_FRAMES));

		// conditioning memories: N supports + D query slices, each encoded once (binarised);
		// stage 4 reuses the selected slices' memories
		assertEquals(n + d, fake.binarizedMemoryEncodings);
		// self-propagation encodes the memories of tracked slices it uses (all but the last of each pass)
		StageReport self = r.stages().get(r.stages().size() - 1);
		assertEquals(0, self.calls().count(Kind.IMAGE_ENCODER));
		assertTrue(self.calls().count(Kind.MEMORY_ENCODER) <= d - k, "stage 4 encodes at most the tracked slices' memories");
		assertEquals(k, r.selected().length);
		for (int z = 0; z < d; z++) assertNotNull(r.finalLogits(z));
	}

	@Test
	void longVolumesFreeMemoriesWithoutEncodingAnythingTwice() {
		int d = 40, n = 2, k = 3;
		FakeSam2Model fake = new FakeSam2Model();
		InstrumentedSam2Model model = new InstrumentedSam2Model(fake);
		RevSam2Result r;
		try (SliceFeatureCache cache = new SliceFeatureCache(model, 1L << 30)) {
			r = new RevSam2(model, cache).run(volume(d, 21), supports(volume(n, 22), n), new RevSam2Options().k(k), TaskMonitor.NONE);
		}
		assertEquals(n + d, model.stats().count(Kind.IMAGE_ENCODER));
		assertEquals(n + d, fake.binarizedMemoryEncodings, "each conditioning memory once, although unselected ones were freed");
		// equal scores: slices 0..k-1 are selected, so self-propagation is one forward pass whose
		// tracked slices, but the last, each give their memory to the next: once each
		assertArrayEquals(new int[] { 0, 1, 2 }, r.selected());
		StageReport self = r.stages().get(r.stages().size() - 1);
		assertEquals(d - k - 1, self.calls().count(Kind.MEMORY_ENCODER));
		Map<float[], Integer> perImage = new IdentityHashMap<>();
		fake.memoryImages.forEach(i -> perImage.merge(i, 1, Integer::sum));
		// a query slice's memory is encoded at most twice: once as a conditioning frame (binarised), once as a tracked frame
		perImage.values().forEach(c -> assertTrue(c <= 2, "a memory was encoded again after being freed"));
		for (int z = 0; z < d; z++) assertNotNull(r.finalLogits(z));
	}

	@Test
	void supportsFromTheQueryReuseItsFeatures() {
		int d = 6;
		FakeSam2Model fake = new FakeSam2Model();
		Volume query = volume(d, 3);
		try (SliceFeatureCache cache = new SliceFeatureCache(fake, 1L << 30)) {
			new RevSam2(fake, cache).run(query, supports(query, 2), new RevSam2Options().k(2), TaskMonitor.NONE);
		}
		assertEquals(d, fake.encodedImages.size(), "a support slice of the query is the same image as the query slice");
	}

	@Test
	void classesOfOneRunShareFeatures() {
		int d = 5;
		FakeSam2Model fake = new FakeSam2Model();
		Volume query = volume(d, 4), atlas = volume(3, 5);
		List<ObjectClass> classes = List.of(new ObjectClass(1, "liver", supports(atlas, 2)), new ObjectClass(2, "spleen", supports(atlas, 3)));
		SegmentationResult r = new MultiClassSegmenter(fake, new RevSam2Options().k(2)).segment(query, classes, TaskMonitor.NONE);
		assertEquals(d + 3, fake.encodedImages.size());
		assertEquals(2, r.classes().size());
		assertEquals(d, r.labels().depth());
	}

	@Test
	void baselinesDoOnlyTheirStages() {
		int d = 5, n = 2;
		for (Method m : Method.values()) {
			FakeSam2Model fake = new FakeSam2Model();
			Volume query = volume(d, 6), atlas = volume(n, 7);
			RevSam2Result r;
			try (SliceFeatureCache cache = new SliceFeatureCache(fake, 1L << 30)) {
				r = new RevSam2(fake, cache).run(query, supports(atlas, n), new RevSam2Options().k(2).method(m).seed(42), TaskMonitor.NONE);
			}
			assertEquals(n + d, fake.encodedImages.size(), m + ": encoder calls");
			boolean reverse = fake.bankBatchSizes.contains(n);
			assertEquals(m == Method.REVSAM2, reverse, m + ": reverse propagation");
			assertEquals(m == Method.REVSAM2 || m == Method.RANDOM_SELECTION ? 2 : 0, r.selected().length, m + ": selection");
			for (int z = 0; z < d; z++) assertNotNull(r.finalLogits(z), m + ": slice " + z);
		}
	}

	@Test
	void randomSelectionIsSeeded() {
		int[][] sel = new int[2][];
		for (int i = 0; i < 2; i++) {
			FakeSam2Model fake = new FakeSam2Model();
			try (SliceFeatureCache cache = new SliceFeatureCache(fake, 1L << 30)) {
				sel[i] = new RevSam2(fake, cache).run(volume(12, 8), supports(volume(2, 9), 2),
					new RevSam2Options().k(4).method(Method.RANDOM_SELECTION).seed(7), TaskMonitor.NONE).selected();
			}
		}
		assertArrayEquals(sel[0], sel[1]);
		assertEquals(4, sel[0].length);
	}

	@Test
	void sliceRangeLimitsTheWork() {
		FakeSam2Model fake = new FakeSam2Model();
		RevSam2Result r;
		try (SliceFeatureCache cache = new SliceFeatureCache(fake, 1L << 30)) {
			r = new RevSam2(fake, cache).run(volume(10, 10), supports(volume(2, 11), 2), new RevSam2Options().k(20).sliceRange(3, 6), TaskMonitor.NONE);
		}
		assertEquals(2 + 4, fake.encodedImages.size());
		assertEquals(4, r.k(), "k is clamped to the slices in range");
		for (int z = 0; z < 10; z++) assertEquals(z >= 3 && z <= 6, r.finalLogits(z) != null, "slice " + z);
		assertTrue(r.finalMask(0).isEmpty());
	}

	@Test
	void cancellationStopsTheRun() {
		FakeSam2Model fake = new FakeSam2Model();
		int[] calls = { 0 };
		TaskMonitor cancelAfterThree = new TaskMonitor() {
			@Override
			public void progress(String stage, double fraction) { calls[0]++; }

			@Override
			public boolean isCancelled() { return calls[0] >= 3; }
		};
		try (SliceFeatureCache cache = new SliceFeatureCache(fake, 1L << 30)) {
			assertThrows(CancelledException.class, () -> new RevSam2(fake, cache).run(volume(10, 12), supports(volume(2, 13), 2), new RevSam2Options(), cancelAfterThree));
		}
		assertTrue(fake.encodedImages.size() < 12, "stopped early");
	}

	@Test
	void badInputIsRefusedWithAMessage() {
		FakeSam2Model fake = new FakeSam2Model();
		try (SliceFeatureCache cache = new SliceFeatureCache(fake, 1L << 30)) {
			RevSam2 r = new RevSam2(fake, cache);
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.run(volume(4, 1), List.of(), new RevSam2Options(), TaskMonitor.NONE));
			assertTrue(e.getMessage().contains("no support"), e.getMessage());
			e = assertThrows(IllegalArgumentException.class, () -> r.run(volume(4, 1), supports(volume(2, 2), 1), new RevSam2Options().sliceRange(2, 9), TaskMonitor.NONE));
			assertTrue(e.getMessage().contains("outside"), e.getMessage());
		}
		assertThrows(IllegalArgumentException.class, () -> new Support(volume(2, 1), 5, square(24, 20)));
		assertThrows(IllegalArgumentException.class, () -> new Support(volume(2, 1), 0, new Mask2D(10, 10)));
	}
}
