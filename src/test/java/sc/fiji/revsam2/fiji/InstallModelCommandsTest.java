package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.testing.Fixtures;
import sc.fiji.revsam2.testing.TempDirs;

/** The install commands in a real SciJava context, with a private models folder. */
class InstallModelCommandsTest {

	private static Context context;
	private static CommandService commands;
	private static Path models;

	@BeforeAll
	static void start() throws Exception {
		models = Files.createTempDirectory("revsam2-models");
		TempDirs.deleteOnExit(models);
		System.setProperty("revsam2.models", models.toString());
		context = new Context();
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
		System.clearProperty("revsam2.models");
	}

	private static List<Path> list() throws java.io.IOException {
		try (var s = Files.list(models)) {
			return s.sorted().toList();
		}
	}

	@Test
	void registeredWithTheirMenuPaths() {
		assertEquals("Plugins > Segmentation > RevSAM2 > Install SAM2 Model", commands.getCommand(InstallModelCommand.class).getMenuPath().getMenuString());
		assertEquals("Plugins > Segmentation > RevSAM2 > Install SAM2 Model from File",
			commands.getCommand(InstallModelFromFileCommand.class).getMenuPath().getMenuString());
	}

	@Test
	void downloadWithoutNetworkSaysWhatToDo() throws Exception {
		int closed;
		try (ServerSocket s = new ServerSocket(0)) {
			closed = s.getLocalPort();
		}
		List<Path> before = list();
		String url = "http://127.0.0.1:" + closed + "/segment_anything_2/092824/sam2.1_hiera_tiny.pt";
		CommandModule m = commands.run(InstallModelCommand.class, true, "checkpoint", "sam2.1_hiera_tiny", "name", "", "sha256", "", "url", url,
			"keep_checkpoint", false).get();
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("Cannot reach 127.0.0.1:"), m.getCancelReason());
		assertTrue(m.getCancelReason().contains("with a browser and install it from the local file (Plugins > Segmentation > RevSAM2 > Install SAM2 Model from File)"));
		assertEquals(before, list(), "nothing left in the models folder");
		m = commands.run(InstallModelCommand.class, true, "checkpoint", "sam2.1_hiera_tiny", "name", "", "sha256", "12ab", "url", "", "keep_checkpoint", false).get();
		assertTrue(m.getCancelReason().contains("is not a SHA-256 digest"), m.getCancelReason());
	}

	@Test
	void installedFromAFileTheModelIsOfferedAndSegments() throws Exception {
		Path ckpt = Fixtures.folder(Fixtures.SAM21).resolve("checkpoint.pt");
		// a file whose name is none of the known checkpoints needs its image size
		CommandModule m = commands.run(InstallModelFromFileCommand.class, true, "file", ckpt.toFile(), "name", "micro", "sha256", "", "image_size", 0).get();
		assertTrue(m.getCancelReason().contains("image size of checkpoint.pt is not known"), m.getCancelReason());
		m = commands.run(InstallModelFromFileCommand.class, true, "file", ckpt.toFile(), "name", "micro", "sha256", "", "image_size", 256).get();
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(List.of("micro", ModelChoice.TEST_MODEL), ModelChoice.choices(InstalledModels.root()));
		assertEquals(List.of("micro (256 px)", ModelChoice.TEST_MODEL), ModelChoice.labelledChoices(InstalledModels.root()));
		assertEquals(InstalledModels.root().resolve("micro"), ModelChoice.folder("micro (256 px)", InstalledModels.root()));
		assertTrue(Files.exists(ckpt), "the user's file stays");

		m = commands.run(InstallModelFromFileCommand.class, true, "file", ckpt.toFile(), "name", "micro", "sha256", "", "image_size", 256).get();
		assertTrue(m.getCancelReason().startsWith("A model named 'micro' is already installed"), m.getCancelReason());
		m = commands.run(InstallModelFromFileCommand.class, true, "file", models.resolve("nothing.pt").toFile(), "name", "", "sha256", "", "image_size", 256).get();
		assertTrue(m.getCancelReason().startsWith("No checkpoint file"), m.getCancelReason());

		ImagePlus imp = SegmentVolumeCommandTest.phantomWithRois();
		Map<String, Object> in = SegmentVolumeCommandTest.inputs(imp, "model", "micro", "k", 2, "first_slice", 2, "last_slice", 5);
		Context c = context;
		var module = c.service(org.scijava.module.ModuleService.class).run(commands.getCommand(SegmentVolumeCommand.class), true, in).get();
		SegmentVolumeCommand seg = (SegmentVolumeCommand) module;
		assertFalse(seg.isCanceled(), seg.getCancelReason());
		assertEquals(8, ((ImagePlus) seg.getOutput("segmentation")).getNSlices());
	}
}
