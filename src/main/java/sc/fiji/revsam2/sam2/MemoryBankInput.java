package sc.fiji.revsam2.sam2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a tracked frame attends to: spatial memories, each with the row of
 * {@code maskmem_tpos_enc} that encodes its temporal position, and object pointers, each with
 * its normalised temporal distance. Built by the tracker, turned into tensors by the model.
 */
public final class MemoryBankInput {

	/** A spatial memory and its temporal-encoding row (0 .. numMaskmem - 1). */
	public record Memory(MemoryFeatures features, int temporalRow) {}

	/** An object pointer (hidden width) and its temporal distance divided by the largest possible one. */
	public record Pointer(float[] pointer, float normalisedDistance) {}

	private final List<Memory> memories = new ArrayList<>();
	private final List<Pointer> pointers = new ArrayList<>();

	public MemoryBankInput addMemory(MemoryFeatures features, int temporalRow) {
		memories.add(new Memory(features, temporalRow));
		return this;
	}

	public MemoryBankInput addPointer(float[] pointer, float normalisedDistance) {
		pointers.add(new Pointer(pointer, normalisedDistance));
		return this;
	}

	public List<Memory> memories() { return Collections.unmodifiableList(memories); }

	public List<Pointer> pointers() { return Collections.unmodifiableList(pointers); }
}
