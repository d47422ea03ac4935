package sc.fiji.revsam2.checkpoint;

import sc.fiji.revsam2.testing.Fixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads the two golden checkpoints (saved by torch.save like Meta's releases) and damaged copies of them. */
class PtCheckpointFixtureTest {

	@TempDir
	Path tmp;

	@ParameterizedTest
	@ValueSource(strings = { Fixtures.SAM21, Fixtures.SAM20 })
	void everyTensorMatchesTheSummary(String folder) throws IOException {
		Map<String, NdArray> tensors = PtCheckpoint.read(Fixtures.file(folder, "checkpoint.pt"));
		JsonObject summary;
		try (Reader r = Files.newBufferedReader(Fixtures.file(folder, "checkpoint_summary.json"))) {
			summary = JsonParser.parseReader(r).getAsJsonObject();
		}
		// same names, in file order
		assertEquals(new ArrayList<>(summary.keySet()), new ArrayList<>(tensors.keySet()));
		for (Map.Entry<String, JsonElement> e : summary.entrySet()) {
			String name = e.getKey();
			JsonObject expected = e.getValue().getAsJsonObject();
			NdArray actual = tensors.get(name);

			long[] shape = longs(expected.getAsJsonArray("shape"));
			assertArrayEquals(shape, actual.shape(), name + " shape");
			assertEquals(expected.get("dtype").getAsString(), actual.dtype(), name + " dtype");

			JsonArray first = expected.getAsJsonArray("first");
			for (int i = 0; i < first.size(); i++) {
				// the summary prints float32 values as doubles: they convert back exactly
				assertEquals(first.get(i).getAsFloat(), actual.data()[i], 0f, name + " value " + i);
			}
			double sum = expected.get("sum").getAsDouble();
			assertEquals(sum, actual.sum(), Math.max(1e-5 * Math.abs(sum), 1e-6), name + " sum");
		}
	}

	@Test
	void sam21CheckpointHasTheExpectedLayout() throws IOException {
		Map<String, NdArray> t = PtCheckpoint.read(Fixtures.file(Fixtures.SAM21, "checkpoint.pt"));
		assertEquals(471, t.size());
		assertEquals("maskmem_tpos_enc", t.keySet().iterator().next());
		assertArrayEquals(new long[] { 8, 3, 7, 7 }, t.get("image_encoder.trunk.patch_embed.proj.weight").shape());
	}

	@Test
	void truncatedCheckpointIsReportedAsSuch() throws IOException {
		byte[] whole = Files.readAllBytes(Fixtures.file(Fixtures.SAM21, "checkpoint.pt"));
		Path half = Files.write(tmp.resolve("half.pt"), Arrays.copyOf(whole, whole.length / 2));
		CheckpointException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
				() -> assertThrows(CheckpointException.class, () -> PtCheckpoint.read(half)));
		assertMessage(e, "half.pt", "truncated");
	}

	@Test
	void checkpointCutJustBeforeItsEndIsReported() throws IOException {
		byte[] whole = Files.readAllBytes(Fixtures.file(Fixtures.SAM20, "checkpoint.pt"));
		Path cut = Files.write(tmp.resolve("cut.pt"), Arrays.copyOf(whole, whole.length - 10));
		CheckpointException e = assertThrows(CheckpointException.class, () -> PtCheckpoint.read(cut));
		assertMessage(e, "cut.pt");
	}

	@Test
	void corruptedBytesInsideDataPklAreReported() throws IOException {
		Map<String, byte[]> entries = CheckpointFiles.readZip(Fixtures.file(Fixtures.SAM21, "checkpoint.pt"));
		List<Path> damaged = new ArrayList<>();
		// garbage in the middle, garbage at the start, and a data.pkl cut short (no STOP)
		byte[] pkl = entries.get("checkpoint/data.pkl");
		byte[] middle = pkl.clone();
		Arrays.fill(middle, 2000, 2064, (byte) 0xff);
		byte[] start = pkl.clone();
		Arrays.fill(start, 2, 40, (byte) 0xfe);
		byte[] shortened = Arrays.copyOf(pkl, pkl.length / 3);
		int n = 0;
		for (byte[] bad : List.of(middle, start, shortened)) {
			entries.put("checkpoint/data.pkl", bad);
			damaged.add(CheckpointFiles.writeZip(tmp.resolve("damaged" + n++ + ".pt"), entries));
		}
		for (Path file : damaged) {
			CheckpointException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> assertThrows(CheckpointException.class, () -> PtCheckpoint.read(file)));
			assertMessage(e, file.getFileName().toString(), "data.pkl", "byte offset");
		}
	}

	@Test
	void npyFileIsNotACheckpoint() {
		Path npy = Fixtures.file(Fixtures.SAM21, "pipeline.k.npy");
		CheckpointException e = assertThrows(CheckpointException.class, () -> PtCheckpoint.read(npy));
		assertMessage(e, "pipeline.k.npy", "NumPy");
	}

	@Test
	void textFileIsNotACheckpoint() throws IOException {
		Path json = Fixtures.file(Fixtures.SAM21, "checkpoint_summary.json");
		CheckpointException e = assertThrows(CheckpointException.class, () -> PtCheckpoint.read(json));
		assertMessage(e, "checkpoint_summary.json", "not a zip");
	}

	static void assertMessage(Exception e, String... parts) {
		for (String p : parts) {
			assertTrue(e.getMessage().contains(p), () -> "message lacks '" + p + "': " + e.getMessage());
		}
	}

	private static long[] longs(JsonArray a) {
		long[] v = new long[a.size()];
		for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
		return v;
	}
}
