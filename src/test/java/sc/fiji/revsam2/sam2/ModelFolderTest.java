package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.testing.Fixtures;
import sc.fiji.revsam2.testing.TempDirs;
import sc.fiji.revsam2.tf.TfSam2Model;
import sc.fiji.revsam2.tf.Sam2Converter;

/** Loading checks a model folder and says what is wrong with it. */
class ModelFolderTest {

	private static Path copyOfFixtureModel(Path tmp) throws Exception {
		Path src = Fixtures.modelFolder(Fixtures.SAM21), dst = tmp.resolve("model");
		try (var s = Files.walk(src)) {
			for (Path p : (Iterable<Path>) s::iterator) {
				Path t = dst.resolve(src.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(t);
				else Files.copy(p, t);
			}
		}
		return dst;
	}

	private static String message(Path folder) {
		return assertThrows(ModelFolderException.class, () -> TfSam2Model.load(folder, ComputeDevice.CPU).close()).getMessage();
	}

	@Test
	void aGoodFolderLoads(@TempDir Path tmp) throws Exception {
		try (TfSam2Model m = TfSam2Model.load(copyOfFixtureModel(tmp), ComputeDevice.CPU)) {
			assertEquals("2.1", m.config().version());
		}
	}

	@Test
	void missingFolderOrDescriptor(@TempDir Path tmp) throws Exception {
		assertTrue(message(tmp.resolve("nope")).contains("is not a folder"));
		Files.createDirectories(tmp.resolve("empty"));
		assertTrue(message(tmp.resolve("empty")).contains("has no model.json"));
	}

	@Test
	void otherConverterVersion(@TempDir Path tmp) throws Exception {
		Path m = copyOfFixtureModel(tmp);
		Path json = m.resolve(ModelDescriptor.FILE_NAME);
		Files.writeString(json, Files.readString(json).replace("\"formatVersion\": " + ModelDescriptor.FORMAT_VERSION, "\"formatVersion\": 999"));
		String msg = message(m);
		assertTrue(msg.contains("format 999") && msg.contains("convert the checkpoint again"), msg);
	}

	@Test
	void notADescriptorOrCorrupt(@TempDir Path tmp) throws Exception {
		Path m = copyOfFixtureModel(tmp);
		Files.writeString(m.resolve(ModelDescriptor.FILE_NAME), "{\"format\": \"something-else\"}");
		assertTrue(message(m).contains("not a RevSAM2 model descriptor"));
		Files.writeString(m.resolve(ModelDescriptor.FILE_NAME), "{ not json");
		assertTrue(message(m).contains("cannot be read"));
	}

	@Test
	void unfinishedConversion(@TempDir Path tmp) throws Exception {
		Path m = copyOfFixtureModel(tmp);
		Files.delete(m.resolve("saved_model/saved_model.pb"));
		assertTrue(message(m).contains("saved_model.pb"));
		Path m2 = tmp.resolve("second");
		Files.move(copyOfFixtureModel(tmp.resolve("x")), m2);
		TempDirs.delete(m2.resolve("saved_model/variables"));
		assertTrue(message(m2).contains("variables"));
	}

	@Test
	void converterRefusesToOverwriteAndLeavesNothingOnFailure(@TempDir Path tmp) throws Exception {
		Path existing = Files.createDirectories(tmp.resolve("exists"));
		Exception e = assertThrows(java.io.IOException.class,
			() -> Sam2Converter.convert(Fixtures.folder(Fixtures.SAM21).resolve("checkpoint.pt"), existing, 256));
		assertTrue(e.getMessage().contains("already exists"));
		Path notPt = Files.writeString(tmp.resolve("notes.pt"), "hello");
		assertThrows(java.io.IOException.class, () -> Sam2Converter.convert(notPt, tmp.resolve("out"), 1024));
		assertFalse(Files.exists(tmp.resolve("out")));
		try (var s = Files.list(tmp)) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("converting")), "no temporary folder left");
		}
	}
}
