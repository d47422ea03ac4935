package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.revsam2.testing.Fixtures;

/** Damaged or hand-edited model folders are model problems found at load (issue 12, item 10). */
class ModelFolderCheckTest {

	@TempDir
	Path tmp;

	private Path copy() throws Exception {
		Path src = Fixtures.modelFolder(Fixtures.SAM21), dst = tmp.resolve("model");
		try (Stream<Path> s = Files.walk(src)) {
			for (Path p : s.toList()) {
				Path t = dst.resolve(src.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(t);
				else Files.copy(p, t);
			}
		}
		return dst;
	}

	private static String refused(Path folder, String... words) {
		ModelFolderException e = assertThrows(ModelFolderException.class, () -> Sam2Engines.tensorFlow().load(folder, ComputeDevice.CPU).close());
		String m = e.getMessage();
		assertTrue(m.contains(folder.toString()) || m.contains(folder.getFileName().toString()), m);
		for (String w : words) assertTrue(m.contains(w), "message lacks '" + w + "': " + m);
		return m;
	}

	private static void editJson(Path folder, java.util.function.Consumer<JsonObject> edit) throws Exception {
		Path json = folder.resolve(ModelDescriptor.FILE_NAME);
		JsonObject o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
		edit.accept(o);
		Files.writeString(json, o.toString(), StandardCharsets.UTF_8);
	}

	@Test
	void missingVariablesIndex() throws Exception {
		Path m = copy();
		Files.delete(m.resolve("saved_model/variables/variables.index"));
		refused(m, "variables.index");
	}

	@Test
	void missingVariablesData() throws Exception {
		Path m = copy();
		try (Stream<Path> s = Files.list(m.resolve("saved_model/variables"))) {
			for (Path p : s.filter(p -> p.getFileName().toString().startsWith("variables.data-")).toList()) Files.delete(p);
		}
		refused(m, "variables.data-");
	}

	@Test
	void tensorWhoseShapeDisagreesWithItsValues() throws Exception {
		Path m = copy();
		editJson(m, o -> {
			var shape = o.getAsJsonObject("tensors").getAsJsonObject("no_obj_ptr").getAsJsonArray("shape");
			shape.set(shape.size() - 1, new com.google.gson.JsonPrimitive(shape.get(shape.size() - 1).getAsLong() * 2));
		});
		refused(m, "no_obj_ptr", "shape");
	}

	@Test
	void widthThatDisagreesWithTheWeights() throws Exception {
		Path m = copy();
		editJson(m, o -> {
			JsonObject c = o.getAsJsonObject("config");
			c.addProperty("memDim", c.get("memDim").getAsInt() * 2);
		});
		refused(m, "maskmem_tpos_enc", "disagree");
	}

	@Test
	void imageSizeThatIsNoMultipleOfTheStride() throws Exception {
		Path m = copy();
		editJson(m, o -> o.getAsJsonObject("config").addProperty("imageSize", 250));
		refused(m, "image size 250");
	}

	@Test
	void imageSizeThatDisagreesWithTheGraph() throws Exception {
		Path m = copy();
		editJson(m, o -> {
			JsonObject c = o.getAsJsonObject("config");
			c.addProperty("imageSize", c.get("imageSize").getAsInt() * 2);
		});
		refused(m, "image size", "disagree");
	}

	@Test
	void hiddenWidthThatDisagreesWithTheWeights() throws Exception {
		Path m = copy();
		editJson(m, o -> {
			JsonObject c = o.getAsJsonObject("config");
			c.addProperty("hiddenDim", c.get("hiddenDim").getAsInt() * 2);
		});
		refused(m, "hidden_dim", "disagree");
	}

	@Test
	void signatureShapesAreReadFromTheGraph() throws Exception {
		var sigs = SavedModelSignatures.inputShapes(Fixtures.modelFolder(Fixtures.SAM21).resolve("saved_model/saved_model.pb"));
		assertTrue(sigs.containsKey(Signatures.MASK_PROMPT), sigs.keySet().toString());
		long[] mask = sigs.get(Signatures.MASK_PROMPT).get(Signatures.MASK);
		assertTrue(mask != null && mask.length == 4 && mask[1] == mask[2] && mask[1] > 0 && mask[3] == 1, java.util.Arrays.toString(mask));
	}
}
