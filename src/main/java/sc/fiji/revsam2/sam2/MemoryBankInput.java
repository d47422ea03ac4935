package sc.fiji.revsam2.sam2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a tracked frame attends to: spatial memories, each with the row of
 * {@code maskmem_tpos_enc} that encodes its temporal position, and object pointers, each with
 * its normalised temporal distance; both with the frame they come from. Chosen by the tracker's
 * {@code MemoryBankSelector}, turned into memory-attention inputs by {@link MemoryConditioning}.
 */
public final class MemoryBankInput {

	/** Frame index of an entry that comes from no video frame (benchmarks, shape tests). */
	public static final int NO_FRAME = -1;

	/** A frame's spatial memory and its temporal-encoding row (0 .. numMaskmem - 1). */
	public record Memory(int frame, MemoryFeatures features, int temporalRow) {}

	/** A frame's object pointer (hidden width) and its temporal distance divided by the largest possible one. */
	public record Pointer(int frame, float[] pointer, float normalisedDistance) {}

	private final List<Memory> memories = new ArrayList<>();
	private final List<Pointer> pointers = new ArrayList<>();

	public MemoryBankInput addMemory(int frame, MemoryFeatures features, int temporalRow) {
		memories.add(new Memory(frame, features, temporalRow));
		return this;
	}

	public MemoryBankInput addMemory(MemoryFeatures features, int temporalRow) {
		return addMemory(NO_FRAME, features, temporalRow);
	}

	public MemoryBankInput addPointer(int frame, float[] pointer, float normalisedDistance) {
		pointers.add(new Pointer(frame, pointer, normalisedDistance));
		return this;
	}

	public MemoryBankInput addPointer(float[] pointer, float normalisedDistance) {
		return addPointer(NO_FRAME, pointer, normalisedDistance);
	}

	public List<Memory> memories() { return Collections.unmodifiableList(memories); }

	public List<Pointer> pointers() { return Collections.unmodifiableList(pointers); }
}
