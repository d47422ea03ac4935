package sc.fiji.revsam2.tracking;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import sc.fiji.revsam2.sam2.MemoryBankInput;

/** SAM2's memory-bank rules, checked frame by frame against the reference's semantics. */
class MemoryBankSelectorTest {

	private static TrackedOutput out(float ptr) {
		return new TrackedOutput(new float[1], new float[] { ptr }, 1f, false, o -> null);
	}

	private static Map<Integer, TrackedOutput> frames(int... idx) {
		Map<Integer, TrackedOutput> m = new TreeMap<>();
		for (int i : idx) m.put(i, out(i));
		return m;
	}

	@Test
	void forwardTakesConditioningFramesAndTheSixPreviousTrackedFrames() {
		MemoryBankSelector s = new MemoryBankSelector(7, 16, true);
		Map<Integer, TrackedOutput> cond = new LinkedHashMap<>();
		cond.put(3, out(3));
		cond.put(20, out(20));
		Map<Integer, TrackedOutput> tracked = frames(4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
		MemoryBankInput sel = s.select(12, 30, false, cond, tracked);
		List<MemoryBankInput.Memory> m = sel.memories();
		// conditioning frames (row 6), then t_pos 1..6 = frames 6..11 (rows 5..0)
		assertEquals(List.of(3, 20, 6, 7, 8, 9, 10, 11), m.stream().map(MemoryBankInput.Memory::frame).toList());
		assertEquals(List.of(6, 6, 5, 4, 3, 2, 1, 0), m.stream().map(MemoryBankInput.Memory::temporalRow).toList());
		// pointers: conditioning frame 3 (not 20: it is ahead), then frames 11, 10, ... down to 4 (frame 3 is conditioning)
		List<MemoryBankInput.Pointer> p = sel.pointers();
		assertEquals(List.of(3, 11, 10, 9, 8, 7, 6, 5, 4), p.stream().map(MemoryBankInput.Pointer::frame).toList());
		assertEquals(9f / 15f, p.get(0).normalisedDistance(), 1e-6);
		assertEquals(1f / 15f, p.get(1).normalisedDistance(), 1e-6);
	}

	@Test
	void backwardUsesFramesAheadAndSignedDistances() {
		MemoryBankSelector s = new MemoryBankSelector(7, 16, true);
		Map<Integer, TrackedOutput> cond = new LinkedHashMap<>();
		cond.put(5, out(5));
		cond.put(1, out(1));
		// the forward pass already tracked 6..9; a backward pass at frame 3 sees 4 (tracked) and them
		Map<Integer, TrackedOutput> tracked = frames(4, 6, 7, 8, 9);
		MemoryBankInput sel = s.select(3, 10, true, cond, tracked);
		assertEquals(List.of(5, 1, 9, 8, 7, 6, 4), sel.memories().stream().map(MemoryBankInput.Memory::frame).toList());
		// pointers: conditioning frames at or after 3 in reverse (5 only), distance (3 - 5) * -1 = 2
		assertEquals(5, sel.pointers().get(0).frame());
		assertEquals(2f / 9f, sel.pointers().get(0).normalisedDistance(), 1e-6);
		assertEquals(List.of(5, 4, 6, 7, 8, 9), sel.pointers().stream().map(MemoryBankInput.Pointer::frame).toList());
	}

	@Test
	void unsignedDistancesForSam20AndPointerLimitFromVideoLength() {
		MemoryBankSelector s = new MemoryBankSelector(7, 16, false);
		Map<Integer, TrackedOutput> cond = new LinkedHashMap<>();
		cond.put(0, out(0));
		cond.put(1, out(1));
		cond.put(2, out(2));
		// RevSAM2's forward video [S1, S2, S3, q]: 4 frames, so distances are divided by min(4, 16) - 1 = 3
		MemoryBankInput sel = s.select(3, 4, false, cond, Map.of());
		assertEquals(3, sel.memories().size());
		assertEquals(List.of(1f, 2f / 3f, 1f / 3f), sel.pointers().stream().map(MemoryBankInput.Pointer::normalisedDistance).toList());
	}

	@Test
	void atMostFifteenTrackedPointers() {
		MemoryBankSelector s = new MemoryBankSelector(7, 16, true);
		Map<Integer, TrackedOutput> cond = new LinkedHashMap<>();
		cond.put(0, out(0));
		int[] all = new int[39];
		for (int i = 0; i < all.length; i++) all[i] = i + 1;
		MemoryBankInput sel = s.select(40, 50, false, cond, frames(all));
		assertEquals(1 + 15, sel.pointers().size());
		assertEquals(25, sel.pointers().get(15).frame());
		assertThrows(IllegalStateException.class, () -> s.select(3, 5, false, Map.of(), Map.of()));
	}
}
