package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import sc.fiji.revsam2.io.NiftiDataType;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiImagePlus;
import sc.fiji.revsam2.io.NiftiReader;

/** The two NIfTI commands run headless in a real SciJava context, as a Fiji macro or script would run them. */
class NiftiCommandsTest {

	private static Context context;
	private static CommandService commands;

	@TempDir
	Path dir;

	@BeforeAll
	static void start() {
		context = new Context();
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	/** A 3x2x2 big-endian uint8 NIfTI-1 file with an sform, as another tool would write it (bytes laid out by hand). */
	private Path labelFile() throws Exception {
		ByteBuffer b = ByteBuffer.allocate(352 + 12).order(ByteOrder.BIG_ENDIAN);
		b.putInt(0, 348);
		short[] dim = { 3, 3, 2, 2, 1, 1, 1, 1 };
		for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
		b.putShort(70, (short) 2).putShort(72, (short) 8);
		float[] pixdim = { 1, 0.5f, 0.5f, 4, 0, 0, 0, 0 };
		for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, pixdim[i]);
		b.putFloat(108, 352);
		b.put(123, (byte) 2); // mm
		b.putShort(254, (short) 1);
		float[] srow = { 0.5f, 0, 0, -10, 0, 0.5f, 0, 20, 0, 0, 4, -30 };
		for (int i = 0; i < 12; i++) b.putFloat(280 + 4 * i, srow[i]);
		b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
		for (int i = 0; i < 12; i++) b.put(352 + i, (byte) i);
		Path p = dir.resolve("seg.nii.gz");
		try (GZIPOutputStream g = new GZIPOutputStream(Files.newOutputStream(p))) {
			g.write(b.array());
		}
		return p;
	}

	@Test
	void commandsAreRegisteredWithTheirMenuPaths() {
		CommandInfo in = commands.getCommand(ImportNiftiCommand.class);
		CommandInfo out = commands.getCommand(SaveNiftiCommand.class);
		assertEquals("File > Import > Open NIfTI (RevSAM2)...", in.getMenuPath().getMenuString());
		assertEquals("File > Save As > Save NIfTI (RevSAM2)...", out.getMenuPath().getMenuString());
	}

	@Test
	void importThenSaveKeepsTheGeometry() throws Exception {
		Path src = labelFile();
		CommandModule opened = commands.run(ImportNiftiCommand.class, true, "file", src.toFile()).get();
		assertFalse(opened.isCanceled(), String.valueOf(opened.getCancelReason()));
		ImagePlus imp = (ImagePlus) opened.getOutput("image");
		assertEquals(8, imp.getBitDepth());
		assertEquals(2, imp.getNSlices());
		assertEquals(11, imp.getStack().getProcessor(2).get(2, 1));
		assertEquals(4, imp.getCalibration().pixelDepth);
		assertEquals("seg", imp.getTitle());
		assertTrue(NiftiImagePlus.storedHeader(imp).isPresent());

		Path out = dir.resolve("saved.nii");
		CommandModule saved = commands.run(SaveNiftiCommand.class, true, "image", imp, "file", out.toFile()).get();
		assertFalse(saved.isCanceled(), String.valueOf(saved.getCancelReason()));
		NiftiHeader h = NiftiReader.readHeader(out);
		assertEquals(NiftiDataType.UINT8, h.dataType());
		assertEquals(1, h.sformCode());
		assertEquals(-30, h.srowZ()[3]);
		assertEquals(11, NiftiReader.read(out).volume().get(2, 1, 1));
	}

	@Test
	void aDuplicatedLabelImageIsSavedWithTheSourceGeometry() throws Exception {
		ImagePlus source = (ImagePlus) commands.run(ImportNiftiCommand.class, true, "file", labelFile().toFile()).get().getOutput("image");
		ImagePlus drawn = source.duplicate();
		drawn.getStack().getProcessor(1).set(0, 0, 200);
		Path out = dir.resolve("drawn.nii.gz");
		CommandModule saved = commands.run(SaveNiftiCommand.class, true, "image", drawn, "file", out.toFile()).get();
		assertFalse(saved.isCanceled(), String.valueOf(saved.getCancelReason()));
		assertEquals(20, NiftiReader.readHeader(out).srowY()[3]);
		assertEquals(200, NiftiReader.read(out).volume().get(0, 0, 0));
	}

	@Test
	void failuresCancelWithAOneLineMessage() throws Exception {
		CommandModule missing = commands.run(ImportNiftiCommand.class, true, "file", new File(dir.toFile(), "nope.nii.gz")).get();
		assertTrue(missing.isCanceled());
		assertEquals("nope.nii.gz: no such file", missing.getCancelReason());
		assertNull(missing.getOutput("image"));

		Path bad = dir.resolve("bad.nii");
		Files.writeString(bad, "not a NIfTI file, just text of some length");
		CommandModule corrupt = commands.run(ImportNiftiCommand.class, true, "file", bad.toFile()).get();
		assertTrue(corrupt.isCanceled());
		assertTrue(corrupt.getCancelReason().startsWith("bad.nii: not a NIfTI file"), corrupt.getCancelReason());

		ImagePlus rgb = ij.IJ.createImage("rgb", "RGB black", 2, 2, 1);
		Path out = dir.resolve("rgb.nii");
		CommandModule refused = commands.run(SaveNiftiCommand.class, true, "image", rgb, "file", out.toFile()).get();
		assertTrue(refused.isCanceled());
		assertEquals("rgb.nii: RGB images are not supported; convert to 8-bit or split channels first", refused.getCancelReason());
		assertFalse(Files.exists(out));

	}
}
