package sc.fiji.revsam2.sam2;

/** Where TensorFlow runs the model. */
public enum ComputeDevice {
	/** The CPU, even when a GPU is present. */
	CPU,
	/** The first CUDA GPU (needs the GPU build of TensorFlow: the Maven profile {@code gpu}). */
	GPU;

	public static ComputeDevice parse(String s) {
		for (ComputeDevice d : values()) if (d.name().equalsIgnoreCase(s)) return d;
		throw new IllegalArgumentException("unknown device '" + s + "': use cpu or gpu");
	}
}
