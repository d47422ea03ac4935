package sc.fiji.revsam2.sam2;

/** Memory-conditioned features of a batch of frames: the memory attention's output, input to the decoder. */
public interface ConditionedFeatures extends AutoCloseable {

	int batchSize();

	@Override
	void close();
}
