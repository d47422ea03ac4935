package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What can be checked of a converted model folder before TensorFlow loads it, so that a damaged
 * or hand-edited folder is a model problem naming the folder and the inconsistency, not an
 * internal error deep in a run (TensorFlow's FailedPrecondition for missing variables, buffer
 * underflows and negative array sizes for sizes that disagree): the SavedModel's variable files,
 * model.json's configuration and its small tensors against that configuration.
 */
public final class ModelFolderCheck {

	private ModelFolderCheck() {}

	/** @throws ModelFolderException naming the folder and what is missing or inconsistent */
	public static void check(Path folder, ModelDescriptor d) throws ModelFolderException {
		checkVariables(folder);
		checkConfig(folder, d.config);
		for (Map.Entry<String, ModelDescriptor.SmallTensor> e : d.tensors.entrySet()) checkTensor(folder, e.getKey(), e.getValue());
		Sam2Config c = d.config;
		expect(folder, d, "maskmem_tpos_enc", (long) c.numMaskmem() * c.memDim(), "num_maskmem x mem_dim = " + c.numMaskmem() + " x " + c.memDim());
		expect(folder, d, "no_obj_ptr", c.hiddenDim(), "hidden_dim = " + c.hiddenDim());
		if (c.addTposEncToObjPtrs() && c.projTposEncInObjPtrs()) {
			expect(folder, d, "obj_ptr_tpos_proj.weight", (long) c.memDim() * c.hiddenDim(), "mem_dim x hidden_dim = " + c.memDim() + " x " + c.hiddenDim());
			expect(folder, d, "obj_ptr_tpos_proj.bias", c.memDim(), "mem_dim = " + c.memDim());
		}
		checkSignatures(folder, c);
	}

	/**
	 * The graph's input shapes against model.json's configuration: the graph was built for the
	 * weights, so a hand-edited image size or width shows here (else as buffer underflows later).
	 */
	private static void checkSignatures(Path folder, Sam2Config c) throws ModelFolderException {
		Map<String, Map<String, long[]>> signatures;
		try {
			signatures = SavedModelSignatures.inputShapes(folder.resolve(ModelDescriptor.SAVED_MODEL_DIR).resolve("saved_model.pb"));
		} catch (IOException | SavedModelSignatures.Malformed e) {
			throw new ModelFolderException(folder, ModelDescriptor.SAVED_MODEL_DIR + "/saved_model.pb is damaged (" + e.getMessage() + "); convert the checkpoint again");
		}
		long s = c.imageSize(), h = c.featureSize(), ch = c.hiddenDim();
		Map<String, long[]> expected = Map.of(
				Signatures.MASK, new long[] { -1, s, s, 1 },
				Signatures.IMAGE_EMBEDDINGS, new long[] { -1, h, h, ch },
				Signatures.PIX_FEAT, new long[] { -1, h, h, ch },
				Signatures.CURR, new long[] { -1, h, h, ch },
				Signatures.HIGH_RES_0, new long[] { -1, 4 * h, 4 * h, ch / 8 },
				Signatures.HIGH_RES_1, new long[] { -1, 2 * h, 2 * h, ch / 4 },
				Signatures.LOW_RES_LOGITS, new long[] { -1, 4 * h, 4 * h, 1 });
		String config = "image size " + s + ", hidden_dim " + ch;
		for (Map.Entry<String, Map<String, long[]>> sig : signatures.entrySet()) {
			for (Map.Entry<String, long[]> in : sig.getValue().entrySet()) {
				long[] want = expected.get(in.getKey()), have = in.getValue();
				if (want == null || have == null) continue;
				boolean agree = want.length == have.length;
				for (int i = 0; agree && i < want.length; i++) agree = want[i] < 0 || have[i] < 0 || want[i] == have[i];
				if (!agree) {
					throw new ModelFolderException(folder, "has a graph whose '" + sig.getKey() + "' input '" + in.getKey() + "' is " + Arrays.toString(have)
							+ " but " + ModelDescriptor.FILE_NAME + " (" + config + ") needs " + Arrays.toString(want)
							+ ": the configuration and the weights disagree; convert the checkpoint again");
				}
			}
		}
		if (!signatures.isEmpty() && signatures.values().stream().noneMatch(m -> m.containsKey(Signatures.MASK))) {
			throw new ModelFolderException(folder, "has a graph without the '" + Signatures.MASK_PROMPT + "' signature's mask input; convert the checkpoint again");
		}
	}

	private static void checkVariables(Path folder) throws ModelFolderException {
		Path variables = folder.resolve(ModelDescriptor.SAVED_MODEL_DIR).resolve("variables");
		if (!Files.isRegularFile(variables.resolve("variables.index"))) {
			throw new ModelFolderException(folder, "is missing " + ModelDescriptor.SAVED_MODEL_DIR + "/variables/variables.index (the weights' index):"
					+ " the conversion did not finish or the folder was damaged; convert the checkpoint again");
		}
		boolean data;
		try (Stream<Path> files = Files.list(variables)) {
			data = files.anyMatch(p -> p.getFileName().toString().startsWith("variables.data-"));
		} catch (IOException e) {
			throw new ModelFolderException(folder, "cannot list " + ModelDescriptor.SAVED_MODEL_DIR + "/variables (" + e.getMessage() + ")");
		}
		if (!data) {
			throw new ModelFolderException(folder, "is missing " + ModelDescriptor.SAVED_MODEL_DIR + "/variables/variables.data-* (the weights):"
					+ " the conversion did not finish or the folder was damaged; convert the checkpoint again");
		}
	}

	private static void checkConfig(Path folder, Sam2Config c) throws ModelFolderException {
		String bad = null;
		if (c.imageSize() <= 0 || c.imageSize() % Sam2Config.BACKBONE_STRIDE != 0) bad = "image size " + c.imageSize() + " is not a positive multiple of " + Sam2Config.BACKBONE_STRIDE;
		else if (c.hiddenDim() <= 0 || c.hiddenDim() % 8 != 0) bad = "hidden_dim " + c.hiddenDim() + " is not a positive multiple of 8";
		else if (c.memDim() <= 0) bad = "mem_dim " + c.memDim() + " is not positive";
		else if (c.numMaskmem() <= 0) bad = "num_maskmem " + c.numMaskmem() + " is not positive";
		if (bad != null) throw new ModelFolderException(folder, ModelDescriptor.FILE_NAME + ": " + bad + "; convert the checkpoint again");
	}

	private static void checkTensor(Path folder, String name, ModelDescriptor.SmallTensor t) throws ModelFolderException {
		if (t == null || t.shape() == null || t.values() == null) throw new ModelFolderException(folder, ModelDescriptor.FILE_NAME + ": tensor '" + name + "' lacks its shape or values; convert again");
		long n = 1;
		for (long dim : t.shape()) {
			if (dim < 0 || (dim > 0 && n > Integer.MAX_VALUE / dim)) n = -1;
			if (n < 0) break;
			n *= dim;
		}
		if (n != t.values().length) {
			throw new ModelFolderException(folder, ModelDescriptor.FILE_NAME + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + " but "
					+ t.values().length + " values; convert the checkpoint again");
		}
	}

	private static void expect(Path folder, ModelDescriptor d, String name, long values, String why) throws ModelFolderException {
		ModelDescriptor.SmallTensor t = d.tensors.get(name);
		if (t == null) throw new ModelFolderException(folder, ModelDescriptor.FILE_NAME + " lacks tensor '" + name + "'; convert the checkpoint again");
		if (t.values().length != values) {
			throw new ModelFolderException(folder, ModelDescriptor.FILE_NAME + ": tensor '" + name + "' has " + t.values().length + " values but its configuration needs "
					+ values + " (" + why + "): the configuration and the weights disagree; convert the checkpoint again");
		}
	}
}
