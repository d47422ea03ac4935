package sc.fiji.revsam2.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.checkpoint.PtCheckpoint;
import sc.fiji.revsam2.io.FileTrees;
import sc.fiji.revsam2.sam2.ModelDescriptor;
import sc.fiji.revsam2.sam2.Sam2Config;
import sc.fiji.revsam2.sam2.Signatures;

/**
 * Converts an official SAM2 checkpoint ({@code sam2_hiera_*.pt}, {@code sam2.1_hiera_*.pt}) into a
 * model folder: a SavedModel with every signature of {@link Signatures} and a
 * {@code model.json}. The folder is written next to its destination and renamed into place
 * when complete, so a failed conversion never leaves a half-made model.
 */
public final class Sam2Converter {

	private Sam2Converter() {}

	/** Converts a checkpoint file; the image size is SAM2's 1024 unless given. */
	public static ModelDescriptor convert(Path checkpoint, Path modelFolder, int imageSize) throws IOException {
		Map<String, NdArray> tensors = PtCheckpoint.read(checkpoint);
		return convert(tensors, checkpoint.getFileName().toString(), modelFolder, imageSize);
	}

	/** Converts checkpoint tensors (name -> array) into {@code modelFolder}, which must not exist. */
	public static ModelDescriptor convert(Map<String, NdArray> tensors, String sourceName, Path modelFolder, int imageSize) throws IOException {
		if (Files.exists(modelFolder)) throw new IOException("Cannot convert into " + modelFolder + ": it already exists (remove it first)");
		Map<String, long[]> shapes = new LinkedHashMap<>();
		tensors.forEach((k, v) -> shapes.put(k, v.shape()));
		Sam2Config cfg;
		try {
			cfg = Sam2Config.infer(shapes, imageSize);
		} catch (IllegalArgumentException e) {
			throw new IOException(sourceName + ": " + e.getMessage(), e);
		}
		Path parent = modelFolder.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path tmp = Files.createTempDirectory(parent, "." + modelFolder.getFileName() + ".converting-");
		try {
			long parameters;
			try (Graph g = new Graph(); Session session = new Session(g)) {
				Sam2Graph graph = new Sam2Graph(Ops.create(g), cfg, tensors);
				List<Signature> signatures = graph.build();
				graph.weights().initialize(session);
				SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(tmp.resolve(ModelDescriptor.SAVED_MODEL_DIR).toString());
				for (Signature s : signatures) exporter.withFunction(SessionFunction.create(s, session));
				exporter.export();
				parameters = tensors.values().stream().mapToLong(NdArray::size).sum();
			}
			ModelDescriptor d = new ModelDescriptor();
			d.converter = ModelDescriptor.softwareVersion();
			d.name = modelFolder.getFileName().toString();
			d.source = sourceName;
			d.parameters = parameters;
			d.config = cfg;
			for (String k : new String[] { "maskmem_tpos_enc", "no_mem_embed", "no_mem_pos_enc", "no_obj_ptr", "no_obj_embed_spatial",
				"obj_ptr_tpos_proj.weight", "obj_ptr_tpos_proj.bias" }) {
				NdArray t = tensors.get(k);
				if (t != null) d.tensors.put(k, new ModelDescriptor.SmallTensor(t.shape(), t.data()));
			}
			d.write(tmp);
			Files.move(tmp, modelFolder, StandardCopyOption.ATOMIC_MOVE);
			return d;
		} catch (IOException | RuntimeException | Error e) {
			FileTrees.deleteRecursively(tmp);
			throw e;
		}
	}
}
