package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.cli.CliTesting.args;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.io.NiftiReader;

/**
 * One behaviour for a cancel (Ctrl-C, SIGTERM) whatever the command is doing (issue 12, item 11):
 * exit 130; an output not yet complete is abandoned (no file, no temporary file); outputs
 * completed before the cancel stay. A second signal exits at once; its abandoned write is
 * cleaned up by AtomicFiles' shutdown hook (io.AbandonedWriteTest).
 */
class CancelDuringWriteTest {

	@TempDir
	Path dir;

	Path query, labels, out, report;

	@BeforeEach
	void inputs() throws Exception {
		query = dir.resolve("query.nii.gz");
		labels = dir.resolve("labels.nii.gz");
		out = dir.resolve("result.nii.gz");
		report = dir.resolve("report.json");
		var geometry = CliTesting.writeVolume(query, CliTesting.volume(40, 36, 5, 1));
		CliTesting.writeLabels(labels, CliTesting.onlySlices(CliTesting.truth(40, 36, 5), 2), geometry);
	}

	/** A stream that calls main.cancel() once what was written contains {@code trigger}, like a signal arriving then. */
	private static PrintStream cancelOn(Main main, String trigger, ByteArrayOutputStream bytes) {
		return new PrintStream(new OutputStream() {
			boolean sent;

			@Override
			public void write(int b) {
				bytes.write(b);
				if (!sent && bytes.toString(StandardCharsets.UTF_8).contains(trigger)) {
					sent = true;
					main.cancel();
				}
			}
		}, true, StandardCharsets.UTF_8);
	}

	@Test
	void cancelWhileTheOutputIsBeingWrittenAbandonsIt() throws Exception {
		Main main = new Main();
		ByteArrayOutputStream err = new ByteArrayOutputStream(), stdout = new ByteArrayOutputStream();
		int code = main.run(args("segment", query, "--labels", labels, "--test-model", "--output", out, "--report", report),
				new PrintStream(stdout, true, StandardCharsets.UTF_8), cancelOn(main, "writing " + out, err));
		String e = err.toString(StandardCharsets.UTF_8);
		assertEquals(Exit.CANCELLED, code, e);
		assertTrue(e.contains("cancelled"), e);
		assertEquals(List.of("labels.nii.gz", "query.nii.gz"), CliTesting.list(dir), "no output, no report, no temporary file");
		assertTrue(!Thread.currentThread().isInterrupted(), "the caller's thread is not left interrupted");
	}

	@Test
	void cancelAfterTheOutputWasWrittenKeepsItAndStillExits130() throws Exception {
		Main main = new Main();
		ByteArrayOutputStream err = new ByteArrayOutputStream(), stdout = new ByteArrayOutputStream();
		// the result lines go to stdout once the output is complete
		int code = main.run(args("segment", query, "--labels", labels, "--test-model", "--output", out, "--report", report),
				cancelOn(main, "result.nii.gz", stdout), new PrintStream(err, true, StandardCharsets.UTF_8));
		String e = err.toString(StandardCharsets.UTF_8);
		assertEquals(Exit.CANCELLED, code, e + stdout);
		assertEquals(List.of("labels.nii.gz", "query.nii.gz", "result.nii.gz"), CliTesting.list(dir), "the complete output stays; no report, no temporary file");
		assertEquals(40, NiftiReader.readLabels(out).width());
	}
}
