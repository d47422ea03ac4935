package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The {@code model.json} of a converted model folder: what the model is, which converter made
 * it, its configuration, and the small learned tensors the tracker uses in plain Java.
 */
public final class ModelDescriptor {

	/** Bumped whenever the graphs or signatures change: older folders must be converted again. */
	public static final int FORMAT_VERSION = 1;
	public static final String FORMAT = "revsam2-sam2-model";
	public static final String FILE_NAME = "model.json";
	public static final String SAVED_MODEL_DIR = "saved_model";

	/** A small tensor: shape and row-major values. */
	public record SmallTensor(long[] shape, float[] values) {}

	public String format = FORMAT;
	public int formatVersion = FORMAT_VERSION;
	public String converter;
	public String name;
	public String source;
	public long parameters;
	public Sam2Config config;
	/** How slices are prepared for this model; null (folders made before it was recorded): {@link Preprocessing#SAM2}. */
	public Preprocessing preprocessing;
	public Map<String, SmallTensor> tensors = new LinkedHashMap<>();

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	/** The preprocessing the model expects ({@link Preprocessing#SAM2} unless recorded otherwise). */
	public Preprocessing preprocessing() {
		return preprocessing == null ? Preprocessing.SAM2 : preprocessing;
	}

	public SmallTensor tensor(String key) {
		SmallTensor t = tensors.get(key);
		if (t == null) throw new IllegalStateException("model.json of '" + name + "' has no tensor '" + key + "'");
		return t;
	}

	public void write(Path folder) throws IOException {
		Files.writeString(folder.resolve(FILE_NAME), GSON.toJson(this), StandardCharsets.UTF_8);
	}

	/**
	 * Reads and checks a model folder's descriptor.
	 * @throws ModelFolderException naming the folder and what is wrong with it
	 */
	public static ModelDescriptor read(Path folder) throws ModelFolderException {
		if (!Files.isDirectory(folder)) throw new ModelFolderException(folder, "is not a folder");
		Path json = folder.resolve(FILE_NAME);
		if (!Files.isRegularFile(json)) throw new ModelFolderException(folder, "has no " + FILE_NAME + ": not a converted RevSAM2 model (convert a SAM2 checkpoint with 'revsam2 convert' or Plugins > Segmentation > RevSAM2 > Install SAM2 Model)");
		ModelDescriptor d;
		try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
			d = GSON.fromJson(r, ModelDescriptor.class);
		} catch (IOException | JsonParseException e) {
			throw new ModelFolderException(folder, FILE_NAME + " cannot be read: it is damaged (convert the checkpoint again)");
		}
		if (d == null || !FORMAT.equals(d.format)) throw new ModelFolderException(folder, FILE_NAME + " is not a RevSAM2 model descriptor");
		if (d.formatVersion != FORMAT_VERSION) {
			throw new ModelFolderException(folder, "was made by converter format " + d.formatVersion + " (" + d.converter
				+ ") but this version of RevSAM2 reads format " + FORMAT_VERSION + ": convert the checkpoint again");
		}
		if (d.config == null) throw new ModelFolderException(folder, FILE_NAME + " has no model configuration");
		Path saved = folder.resolve(SAVED_MODEL_DIR);
		if (!Files.isRegularFile(saved.resolve("saved_model.pb"))) throw new ModelFolderException(folder, "is missing " + SAVED_MODEL_DIR + "/saved_model.pb: the conversion did not finish; convert again");
		if (!Files.isDirectory(saved.resolve("variables"))) throw new ModelFolderException(folder, "is missing " + SAVED_MODEL_DIR + "/variables: the conversion did not finish; convert again");
		for (String k : new String[] { "maskmem_tpos_enc", "no_obj_ptr" }) {
			if (!d.tensors.containsKey(k)) throw new ModelFolderException(folder, FILE_NAME + " lacks tensor '" + k + "'; convert again");
		}
		return d;
	}

	/** The version of this software, as written into model folders. */
	public static String softwareVersion() {
		String v = ModelDescriptor.class.getPackage().getImplementationVersion();
		return "revsam2-fiji " + (v == null ? "dev" : v);
	}
}
