package sc.fiji.revsam2.sam2;

/**
 * The image-encoder output of one or more frames (a batch), held by the model's runtime
 * (for TensorFlow, native tensors, not Java arrays). Close it when no longer needed.
 */
public interface FrameFeatures extends AutoCloseable {

	int batchSize();

	/** Bytes held (for cache accounting). */
	long byteSize();

	@Override
	void close();
}
