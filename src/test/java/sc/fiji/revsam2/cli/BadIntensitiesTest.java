package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.cli.CliTesting.args;
import static sc.fiji.revsam2.cli.CliTesting.assertFails;
import static sc.fiji.revsam2.cli.CliTesting.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.volume.Volume;

/** NaN voxels and windows that blank every slice (issue 12, item 13), end to end. */
class BadIntensitiesTest {

	@TempDir
	Path dir;

	Path query, labels, out;

	@BeforeEach
	void inputs() throws Exception {
		query = dir.resolve("query.nii.gz");
		labels = dir.resolve("labels.nii.gz");
		out = dir.resolve("result.nii.gz");
		Volume v = CliTesting.volume(40, 36, 5, 1);
		v.slice(3)[7] = Float.NaN;
		v.slice(4)[0] = Float.NaN;
		var geometry = sc.fiji.revsam2.io.NiftiWriter.defaults().write(query, v, null, sc.fiji.revsam2.io.NiftiDataType.FLOAT32);
		CliTesting.writeLabels(labels, CliTesting.onlySlices(CliTesting.truth(40, 36, 5), 2), geometry);
	}

	@Test
	void nanVoxelsAreReportedAndTreatedAsTheLowEnd() {
		CliTesting.Result r = run(args("segment", query, "--labels", labels, "--test-model", "--output", out));
		assertEquals(Exit.OK, r.code(), r.err());
		assertTrue(r.err().contains("query.nii.gz: 2 voxels are NaN") && r.err().contains("low end of the intensity window"), r.err());
		assertTrue(Files.exists(out));
	}

	@Test
	void windowBeyondFloatRangeIsRefused() {
		assertFails(run(args("segment", query, "--labels", labels, "--test-model", "--output", out, "--window", "-1e308:1e308")),
				Exit.USAGE, List.of("--window", "float32", "every slice 0"), out);
	}

	@Test
	void windowNarrowerThanFloatRoundingIsRefused() {
		assertFails(run(args("segment", query, "--labels", labels, "--test-model", "--output", out, "--window", "1:1.00000001")),
				Exit.USAGE, List.of("--window", "empty once rounded"), out);
	}

	@Test
	void windowAboveAllIntensitiesIsRefused() {
		float[] mm = volumeRange();
		String w = (mm[1] + 100) + ":" + (mm[1] + 200);
		assertFails(run(args("segment", query, "--labels", labels, "--test-model", "--output", out, "--window", w)),
				Exit.INPUT, List.of("query.nii.gz", "maps every voxel to 0", "blank"), out);
	}

	@Test
	void windowBelowAllIntensitiesIsRefused() {
		float[] mm = volumeRange();
		String w = (mm[0] - 200) + ":" + (mm[0] - 100);
		assertFails(run(args("segment", query, "--labels", labels, "--test-model", "--output", out, "--window", w)),
				Exit.INPUT, List.of("query.nii.gz", "maps every voxel to 1"), out);
	}

	private static float[] volumeRange() {
		return CliTesting.volume(40, 36, 5, 1).minMax();
	}
}
