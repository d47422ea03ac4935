package sc.fiji.revsam2.sam2;

/** One frame's encoded memory (the memory encoder's output as SAM2's memory bank stores it). */
public interface MemoryFeatures extends AutoCloseable {

	long byteSize();

	@Override
	void close();
}
