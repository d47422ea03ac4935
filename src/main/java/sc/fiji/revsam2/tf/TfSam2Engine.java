package sc.fiji.revsam2.tf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.ComputeDeviceException;
import sc.fiji.revsam2.sam2.FijiPlatform;
import sc.fiji.revsam2.sam2.GpuRequirements;
import sc.fiji.revsam2.sam2.ModelDescriptor;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.Precision;
import sc.fiji.revsam2.sam2.Sam2Engine;
import sc.fiji.revsam2.sam2.Sam2Model;

/** The TensorFlow Java engine; made by {@code Sam2Engines} inside the engine's class loader. */
public final class TfSam2Engine implements Sam2Engine {

	private String gpuProblem;
	private boolean gpuChecked;

	public TfSam2Engine() {}

	@Override
	public Sam2Model load(Path modelFolder, ComputeDevice device, Precision precision) throws ModelFolderException {
		if (device == ComputeDevice.AUTO) throw new IllegalArgumentException("choose the device first (Sam2Engine.choose)");
		if (device == ComputeDevice.GPU && gpuProblem() != null) throw new ComputeDeviceException("device=gpu: " + gpuProblem());
		return TfSam2Model.load(modelFolder, device, precision);
	}

	@Override
	public ModelDescriptor convert(Map<String, NdArray> tensors, String sourceName, Path modelFolder, int imageSize) throws IOException {
		return Sam2Converter.convert(tensors, sourceName, modelFolder, imageSize);
	}

	@Override
	public String version() {
		return "TensorFlow " + TensorFlow.version() + " (TensorFlow Java, " + (isGpuBuild() ? "GPU" : "CPU") + " build)";
	}

	@Override
	public synchronized String gpuProblem() {
		if (!gpuChecked) {
			gpuProblem = findGpuProblem();
			gpuChecked = true;
		}
		return gpuProblem;
	}

	/** Whether the native library on this loader's path is TensorFlow's GPU build. */
	static boolean isGpuBuild() {
		FijiPlatform p = FijiPlatform.current();
		return p != null && TfSam2Engine.class.getClassLoader().getResource("org/tensorflow/internal/c_api/" + p.classifier() + "-gpu/LICENSE") != null;
	}

	private static String findGpuProblem() {
		List<String> missing = new ArrayList<>(GpuRequirements.missing());
		if (!isGpuBuild()) missing.add("RevSAM2's GPU build (this installation has TensorFlow's CPU build)");
		if (!missing.isEmpty()) return "no usable GPU; missing: " + String.join("; ", missing) + ". " + GpuRequirements.HOW_TO;
		String placed = placeOnGpu();
		return placed == null ? null : "TensorFlow cannot use the GPU (" + placed + "). " + GpuRequirements.HOW_TO;
	}

	/** Runs one addition pinned to the GPU without soft placement; null when it ran, else TensorFlow's reason. */
	private static String placeOnGpu() {
		try (Graph g = new Graph(); Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build())) {
			Ops tf = Ops.create(g).withDevice(org.tensorflow.DeviceSpec.newBuilder().deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
			var sum = tf.math.add(tf.constant(1f), tf.constant(2f));
			try (org.tensorflow.Result r = s.runner().fetch(sum).run()) {
				return ((TFloat32) r.get(0)).getFloat() == 3f ? null : "a wrong result on the GPU";
			}
		} catch (RuntimeException e) {
			return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
		}
	}
}
