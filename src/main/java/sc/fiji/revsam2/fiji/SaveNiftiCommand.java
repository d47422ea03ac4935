package sc.fiji.revsam2.fiji;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.revsam2.io.NiftiImagePlus;
import sc.fiji.revsam2.io.VolumeIOException;

/**
 * File>Save As>Save NIfTI (RevSAM2)...: saves an image as {@code .nii}/{@code .nii.gz} (8-bit as
 * uint8, 16-bit as uint16, else float32). The geometry is copied from the NIfTI header the image
 * carries (opened with the import command, or duplicated from such an image) when its size
 * matches, else taken from the calibration. The write is atomic; a failure cancels the command
 * with a one-line message.
 *
 * <p>There is deliberately no optional "reference file" parameter: SciJava's FilePreprocessor
 * would open a file chooser for it (and cancel when headless) whenever a script leaves it unset.
 */
@Plugin(type = Command.class, menuPath = "File>Save As>Save NIfTI (RevSAM2)...")
public class SaveNiftiCommand extends ContextCommand {

	@Parameter(persist = false)
	private ImagePlus image;

	@Parameter(label = "NIfTI file", style = FileWidget.SAVE_STYLE, description = "Name ending in .nii or .nii.gz")
	private File file;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Override
	public void run() {
		if (image == null) {
			fail("no image to save");
			return;
		}
		if (file == null) {
			fail("no file chosen");
			return;
		}
		try {
			for (String w : NiftiImagePlus.save(image, file.toPath(), null)) log.warn(file.getName() + ": " + w);
		} catch (VolumeIOException e) {
			fail(e.getMessage());
		}
	}

	/** Cancels with the message and shows it: a dialog in the GUI, the log when headless. */
	private void fail(String message) {
		cancel(message);
		log.error(message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "Save NIfTI", DialogPrompt.MessageType.ERROR_MESSAGE);
	}
}
