package sc.fiji.revsam2.sam2;

/** Where TensorFlow runs the model. */
public enum ComputeDevice {
	/** The CPU, even when a GPU is present. */
	CPU,
	/** The first CUDA GPU; refused, with what is missing, when there is none usable. */
	GPU,
	/** The GPU if a usable one is there, else the CPU (with a note saying why). */
	AUTO;

	public static ComputeDevice parse(String s) {
		for (ComputeDevice d : values()) if (d.name().equalsIgnoreCase(s)) return d;
		throw new IllegalArgumentException("unknown device '" + s + "': use cpu, gpu or auto (GPU if available)");
	}
}
