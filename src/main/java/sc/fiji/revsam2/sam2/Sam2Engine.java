package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.checkpoint.PtCheckpoint;

/**
 * What the plugin asks of the inference engine (TensorFlow Java): convert checkpoints into model
 * folders and load them. The engine lives behind its own class loader ({@link Sam2Engines}), so
 * nothing outside it sees a TensorFlow type.
 */
public interface Sam2Engine {

	/** Loads a model folder made by {@link #convert}, checking it first, in float32. */
	default Sam2Model load(Path modelFolder, ComputeDevice device) throws ModelFolderException {
		return load(modelFolder, device, Precision.FLOAT32);
	}

	/** Loads a model folder made by {@link #convert}, checking it first, computing in this precision. */
	Sam2Model load(Path modelFolder, ComputeDevice device, Precision precision) throws ModelFolderException;

	/**
	 * Converts checkpoint tensors (name -> array) into {@code modelFolder}, which must not exist;
	 * the folder appears only when complete.
	 */
	ModelDescriptor convert(Map<String, NdArray> tensors, String sourceName, Path modelFolder, int imageSize) throws IOException;

	/** Converts an official SAM2 checkpoint file ({@code sam2_hiera_*.pt}, {@code sam2.1_hiera_*.pt}). */
	default ModelDescriptor convert(Path checkpoint, Path modelFolder, int imageSize) throws IOException {
		return convert(PtCheckpoint.read(checkpoint), checkpoint.getFileName().toString(), modelFolder, imageSize);
	}

	/** The engine's library and version, e.g. "TensorFlow 2.18.0 (TensorFlow Java)". */
	String version();

	/**
	 * Whether TensorFlow sees a usable GPU; when not, a message naming what is missing and what
	 * to install; {@code null} when a GPU is usable.
	 */
	String gpuProblem();

	/**
	 * The device to run on: the CPU when asked; the GPU when asked and usable, else a
	 * {@link ComputeDeviceException} naming what is missing; for {@code AUTO} the GPU when usable,
	 * else the CPU with a note saying why.
	 */
	default ComputeDevice choose(ComputeDevice requested, Consumer<String> note) {
		if (requested == ComputeDevice.CPU) return ComputeDevice.CPU;
		String problem = gpuProblem();
		if (problem == null) return ComputeDevice.GPU;
		if (requested == ComputeDevice.GPU) throw new ComputeDeviceException("device=gpu: " + problem);
		note.accept("running on the CPU: " + problem);
		return ComputeDevice.CPU;
	}
}
