package sc.fiji.revsam2.tracking;

import java.util.Map;

import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.Sam2Config;

/**
 * SAM2's rules for what a tracked frame attends to ({@code _prepare_memory_conditioned_features}
 * with the video predictor's settings): every conditioning frame, the non-conditioning frames
 * 1..numMaskmem-1 steps behind in the processing direction that already have an output (from
 * either pass), the object pointers of conditioning frames not ahead of the frame, and those of
 * tracked frames up to {@code min(numFrames, 16) - 1} steps behind, with their temporal distances.
 */
public final class MemoryBankSelector {

	private final int numMaskmem;
	private final int maxObjPtrs;
	private final boolean signedDistances;

	public MemoryBankSelector(Sam2Config cfg) {
		this(cfg.numMaskmem(), cfg.maxObjPtrsInEncoder(), cfg.useSignedTposEncToObjPtrs());
	}

	public MemoryBankSelector(int numMaskmem, int maxObjPtrs, boolean signedDistances) {
		this.numMaskmem = numMaskmem;
		this.maxObjPtrs = maxObjPtrs;
		this.signedDistances = signedDistances;
	}

	/**
	 * @param frame the frame being tracked
	 * @param numFrames frames in the video
	 * @param reverse tracking towards lower frame indices
	 * @param conditioning conditioning outputs, in the order they were added
	 * @param tracked non-conditioning outputs so far, by frame
	 * @return the memories (encoded now if not yet) and pointers, with their frames
	 */
	public MemoryBankInput select(int frame, int numFrames, boolean reverse, Map<Integer, TrackedOutput> conditioning, Map<Integer, TrackedOutput> tracked) {
		if (conditioning.isEmpty()) throw new IllegalStateException("a tracked frame needs at least one conditioning frame");
		MemoryBankInput bank = new MemoryBankInput();
		// conditioning frames have temporal position 0, encoded by the last row
		conditioning.forEach((t, out) -> bank.addMemory(t, out.memory(), numMaskmem - 1));
		for (int tPos = 1; tPos < numMaskmem; tPos++) {
			int tRel = numMaskmem - tPos;
			int prev = reverse ? frame + tRel : frame - tRel;
			TrackedOutput out = tracked.get(prev);
			if (out != null) bank.addMemory(prev, out.memory(), numMaskmem - tPos - 1);
		}

		int maxPtrs = Math.min(numFrames, maxObjPtrs);
		float maxDistance = maxPtrs - 1;
		int sign = reverse ? -1 : 1;
		conditioning.forEach((t, out) -> {
			boolean past = reverse ? t >= frame : t <= frame;
			if (past) {
				int d = signedDistances ? (frame - t) * sign : Math.abs(frame - t);
				bank.addPointer(t, out.objectPointer(), d / maxDistance);
			}
		});
		for (int d = 1; d < maxPtrs; d++) {
			int t = reverse ? frame + d : frame - d;
			if (t < 0 || t >= numFrames) break;
			TrackedOutput out = tracked.get(t);
			if (out != null) bank.addPointer(t, out.objectPointer(), d / maxDistance);
		}
		return bank;
	}
}
