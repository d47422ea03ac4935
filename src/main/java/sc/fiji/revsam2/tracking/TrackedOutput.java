package sc.fiji.revsam2.tracking;

import sc.fiji.revsam2.sam2.MemoryFeatures;

/**
 * What SAM2 keeps of a frame once it has an output: the low-resolution mask logits, the
 * object pointer, the object score, and (computed when a later frame first needs it) the
 * encoded memory. Conditioning frames and tracked frames both produce one.
 */
public final class TrackedOutput implements AutoCloseable {

	/** Computes a memory on demand. */
	interface MemorySupplier {
		MemoryFeatures encode(TrackedOutput output);
	}

	private final float[] lowResLogits;
	private final float[] objectPointer;
	private final float objectScore;
	private final boolean maskFromPrompt;
	private final MemorySupplier memorySupplier;
	private MemoryFeatures memory;

	TrackedOutput(float[] lowResLogits, float[] objectPointer, float objectScore, boolean maskFromPrompt, MemorySupplier memorySupplier) {
		this.lowResLogits = lowResLogits;
		this.objectPointer = objectPointer;
		this.objectScore = objectScore;
		this.maskFromPrompt = maskFromPrompt;
		this.memorySupplier = memorySupplier;
	}

	/** Low-resolution mask logits, L x L row-major (L = image size / 4). */
	public float[] lowResLogits() { return lowResLogits; }

	public float[] objectPointer() { return objectPointer; }

	/** The object-score logit: the object is present where it is > 0. */
	public float objectScore() { return objectScore; }

	public boolean objectPresent() { return objectScore > 0; }

	/** True for conditioning frames: their memory is encoded from the binarised mask. */
	public boolean maskFromPrompt() { return maskFromPrompt; }

	/** The frame's memory, encoded on first use and kept. */
	public synchronized MemoryFeatures memory() {
		if (memory == null) memory = memorySupplier.encode(this);
		return memory;
	}

	public synchronized boolean hasMemory() { return memory != null; }

	/** Frees the memory now; it is encoded again if a frame asks for it after all. */
	public synchronized void releaseMemory() {
		if (memory != null) memory.close();
		memory = null;
	}

	@Override
	public synchronized void close() {
		if (memory != null) memory.close();
		memory = null;
	}
}
