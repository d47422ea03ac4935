package sc.fiji.revsam2.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.revsam2.io.NiftiImage;
import sc.fiji.revsam2.io.NiftiImagePlus;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.io.VolumeIOException;

/**
 * File>Import>Open NIfTI (RevSAM2)...: opens a {@code .nii}/{@code .nii.gz} file as a calibrated
 * image (8/16-bit as stored, else 32-bit), keeping its NIfTI header so that images saved from it
 * keep the geometry. A failure cancels the command with a one-line message.
 */
@Plugin(type = Command.class, menuPath = "File>Import>Open NIfTI (RevSAM2)...")
public class ImportNiftiCommand extends ContextCommand {

	@Parameter(label = "NIfTI file", style = FileWidget.OPEN_STYLE, description = "A .nii or .nii.gz file (NIfTI-1 or NIfTI-2)")
	private File file;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus image;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Override
	public void run() {
		if (file == null) {
			fail("no file chosen");
			return;
		}
		try {
			NiftiImage nifti = NiftiReader.read(file.toPath());
			for (String w : nifti.warnings()) log.warn(file.getName() + ": " + w);
			image = NiftiImagePlus.toImagePlus(nifti, title(file.getName()));
		} catch (VolumeIOException e) {
			fail(e.getMessage());
		}
	}

	private static String title(String name) {
		return name.replaceFirst("(?i)\\.(nii|hdr|img)(\\.gz)?$", "");
	}

	/** Cancels with the message and shows it: a dialog in the GUI, the log when headless. */
	private void fail(String message) {
		cancel(message);
		log.error(message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "Import NIfTI", DialogPrompt.MessageType.ERROR_MESSAGE);
	}
}
