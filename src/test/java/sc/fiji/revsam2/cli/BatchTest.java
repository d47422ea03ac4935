package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.cli.CliTesting.args;
import static sc.fiji.revsam2.cli.CliTesting.run;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiReader;

/** {@code segment --batch}: the model loaded once, a failing volume reported, the others written. */
class BatchTest {

	@TempDir
	Path dir;

	@Test
	void oneGoodAndOneBadVolumeInAFolder() throws Exception {
		Path in = Files.createDirectories(dir.resolve("scans"));
		Path good = in.resolve("good.nii.gz"), bad = in.resolve("bad.nii.gz");
		NiftiHeader gh = CliTesting.writeVolume(good, CliTesting.volume(40, 32, 4, 1));
		byte[] whole = Files.readAllBytes(good);
		Files.write(bad, java.util.Arrays.copyOf(whole, whole.length - 300));
		Files.writeString(in.resolve("notes.txt"), "not a volume");
		Path atlas = dir.resolve("atlas.nii.gz"), atlasLabels = dir.resolve("atlas_labels.nii.gz");
		NiftiHeader ah = CliTesting.writeVolume(atlas, CliTesting.volume(36, 36, 4, 2));
		CliTesting.writeLabels(atlasLabels, CliTesting.onlySlices(CliTesting.truth(36, 36, 4), 1, 2), ah);
		Path outDir = dir.resolve("results"), report = outDir.resolve("summary.json");

		CliTesting.Result r = run(args("segment", "--batch", in, "--output-dir", outDir, "--support", atlas, "--support-labels", atlasLabels,
			"--test-model", "--k", 2, "--report", report));
		assertEquals(Exit.BATCH_FAILED, r.code(), r::toString);
		Path goodOut = outDir.resolve("good_revsam2.nii.gz"), badOut = outDir.resolve("bad_revsam2.nii.gz");
		assertTrue(Files.exists(goodOut), r::toString);
		assertFalse(Files.exists(badOut));
		NiftiHeader oh = NiftiReader.readHeader(goodOut);
		assertEquals(4, oh.nz());
		assertEquals(gh.sformMatrix()[0][3], oh.sformMatrix()[0][3], 1e-4);
		assertEquals(1, r.errorLines().size(), r::toString);
		assertTrue(r.errorLines().get(0).contains("bad.nii.gz") && r.errorLines().get(0).contains("truncated"), r::toString);
		assertTrue(r.out().contains("FAILED") && r.out().contains("1 written") && r.out().contains("1 failed"), r.out());
		assertEquals(1, count(r.err(), "loading model"), "the model is loaded once");

		JsonObject rep;
		try (Reader rd = Files.newBufferedReader(report)) {
			rep = JsonParser.parseReader(rd).getAsJsonObject();
		}
		JsonArray vols = rep.getAsJsonArray("volumes");
		assertEquals(2, vols.size(), "the folder's two volumes, sorted; notes.txt ignored");
		assertEquals("failed", vols.get(0).getAsJsonObject().get("status").getAsString());
		assertEquals(Exit.INPUT, vols.get(0).getAsJsonObject().get("exit_code").getAsInt());
		assertEquals("ok", vols.get(1).getAsJsonObject().get("status").getAsString());
		assertEquals(2, vols.get(1).getAsJsonObject().getAsJsonArray("classes").size());

		// a rerun from a list file: existing outputs skipped, the bad one fails again
		Path list = in.resolve("list.txt");
		Files.writeString(list, "# volumes\ngood.nii.gz\n\n" + bad.toAbsolutePath() + "\n");
		long modified = Files.getLastModifiedTime(goodOut).toMillis();
		CliTesting.Result r2 = run(args("segment", "--batch", list, "--output-dir", outDir, "--support", atlas, "--support-labels", atlasLabels,
			"--test-model", "--skip-existing", "--quiet"));
		assertEquals(Exit.BATCH_FAILED, r2.code(), r2::toString);
		assertTrue(r2.out().contains("skipped"), r2.out());
		assertEquals(modified, Files.getLastModifiedTime(goodOut).toMillis());
		assertEquals(List.of("good_revsam2.nii.gz", "summary.json"), CliTesting.list(outDir), "no temporary files");

		// all good: exit 0
		Files.writeString(list, "good.nii.gz\n");
		CliTesting.Result r3 = run(args("segment", "--batch", list, "--output-dir", outDir, "--support", atlas, "--support-labels", atlasLabels,
			"--test-model", "--overwrite", "--quiet"));
		assertEquals(Exit.OK, r3.code(), r3::toString);
	}

	@Test
	void batchUsageAndInputErrors() throws Exception {
		Path atlas = dir.resolve("atlas.nii.gz"), atlasLabels = dir.resolve("atlas_labels.nii.gz");
		NiftiHeader ah = CliTesting.writeVolume(atlas, CliTesting.volume(36, 36, 4, 2));
		CliTesting.writeLabels(atlasLabels, CliTesting.truth(36, 36, 4), ah);
		Path empty = Files.createDirectories(dir.resolve("empty"));
		CliTesting.assertFails(run(args("segment", "--batch", empty, "--output-dir", dir.resolve("o"), "--support", atlas, "--support-labels",
			atlasLabels, "--test-model")), Exit.INPUT, List.of("no volume files"));
		CliTesting.assertFails(run(args("segment", "--batch", empty, "--support", atlas, "--support-labels", atlasLabels, "--test-model")), Exit.USAGE,
			List.of("missing required flag --output-dir"));
		CliTesting.assertFails(run(args("segment", "--batch", empty, "--output-dir", dir.resolve("o"), "--labels", atlasLabels, "--test-model")),
			Exit.USAGE, List.of("--labels", "--batch"));
		CliTesting.assertFails(run(args("segment", "--batch", dir.resolve("nothing.txt"), "--output-dir", dir.resolve("o"), "--support", atlas,
			"--support-labels", atlasLabels, "--test-model")), Exit.INPUT, List.of("nothing.txt", "no such file"));
	}

	private static int count(String s, String part) {
		int n = 0;
		for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
		return n;
	}
}
