package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/revsam2 with a stand-in for java (issue 12, item 12): TensorFlow's native start-up lines,
 * which reach file descriptor 2 past any Java-side setting, do not get through with -q (nor into
 * a log file), and do with --debug; the command's own lines and exit code are untouched.
 */
@DisabledOnOs(OS.WINDOWS)
class QuietLauncherTest {

	static final String ABSL = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";
	static final String MLIR = "I0000 00:00:1796159724.216729   26158 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled";

	@TempDir
	Path repo;

	Path launcher, fakeJava;

	@BeforeEach
	void layout() throws IOException {
		// a repository whose jar is up to date, so that the launcher does not build
		Files.createDirectories(repo.resolve("bin"));
		launcher = Files.copy(Paths.get("bin/revsam2"), repo.resolve("bin/revsam2"));
		Files.createDirectories(repo.resolve("src/main"));
		Files.writeString(repo.resolve("pom.xml"), "<project/>");
		Files.createDirectories(repo.resolve("target/lib"));
		Files.createDirectories(repo.resolve("target/revsam2-engine"));
		Path jar = Files.writeString(repo.resolve("target/RevSAM2_Fiji-test.jar"), "");
		FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
		Files.setLastModifiedTime(repo.resolve("pom.xml"), old);
		Files.setLastModifiedTime(repo.resolve("src/main"), old);
		Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
		// what a run that loads TensorFlow writes: its native lines, a warning and an error of ours
		fakeJava = Files.writeString(repo.resolve("fake-java"), "#!/usr/bin/env bash\n"
				+ "echo '" + ABSL + "' >&2\n"
				+ "echo '" + MLIR + "' >&2\n"
				+ "echo 'revsam2 segment: warning: query.nii.gz: 2 voxels are NaN' >&2\n"
				+ "echo 'result on stdout'\n"
				+ "echo 'revsam2 segment: error: labels.nii.gz: no such file' >&2\n"
				+ "exit 3\n");
		Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	private record Run(int code, String out, String err) {}

	private Run run(String... args) throws IOException, InterruptedException {
		List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
		cmd.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().put("JAVA", fakeJava.toString());
		Path out = repo.resolve("out.txt"), err = repo.resolve("err.txt");
		pb.redirectOutput(out.toFile()).redirectError(err.toFile()); // stderr is a file, not a terminal
		Process p = pb.start();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		// the filter may write its last line just after java ends
		Thread.sleep(200);
		return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
	}

	@Test
	void quietDropsTensorFlowStartUpLinesAndKeepsOurs() throws Exception {
		Run r = run("-q", "segment", "query.nii.gz");
		assertEquals(3, r.code());
		assertFalse(r.err().contains("absl::InitializeLog"), r.err());
		assertFalse(r.err().contains("MLIR"), r.err());
		assertTrue(r.err().contains("2 voxels are NaN") && r.err().contains("error: labels.nii.gz: no such file"), r.err());
		assertEquals("result on stdout\n", r.out());
	}

	@Test
	void quietAfterTheCommandToo() throws Exception {
		Run r = run("segment", "query.nii.gz", "--quiet");
		assertFalse(r.err().contains("MLIR") || r.err().contains("absl"), r.err());
	}

	@Test
	void debugKeepsThem() throws Exception {
		Run r = run("-q", "--debug", "segment", "query.nii.gz");
		assertEquals(3, r.code());
		assertTrue(r.err().contains(ABSL) && r.err().contains("MLIR V1"), r.err());
	}
}
