package sc.fiji.revsam2.fiji;

import java.io.File;
import java.io.IOException;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.ModelInstaller;
import sc.fiji.revsam2.task.CancelledException;

/**
 * Plugins>Segmentation>RevSAM2>Install SAM2 Model from File: converts a SAM2 checkpoint already
 * on disk (e.g. downloaded with a browser) into the models folder; the file stays where it is.
 * Macro: {@code run("Install SAM2 Model from File", "file=[/data/sam2.1_hiera_tiny.pt]");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>RevSAM2>Install SAM2 Model from File")
public class InstallModelFromFileCommand extends ContextCommand {

	@Parameter(label = "Checkpoint file (.pt)", style = FileWidget.OPEN_STYLE, description = "An official SAM2 or SAM2.1 checkpoint, e.g. sam2.1_hiera_tiny.pt")
	private File file;

	@Parameter(label = "Model name (optional)", required = false, description = "Blank: the file's name without .pt")
	private String name = "";

	@Parameter(label = "Expected SHA-256 (optional)", required = false, description = "When given, the file must have this digest")
	private String sha256 = "";

	@Parameter(label = "Image size (px; 0: from the file's name)", min = "0", description = "The size the model was trained at: 0 takes it from the "
		+ "known checkpoints (Meta's SAM2: 1024, MedSAM2: 512); any other file needs it")
	private int image_size = 0;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		if (file == null) {
			fail("no checkpoint file chosen");
			return;
		}
		FijiTaskMonitor monitor = new FijiTaskMonitor("RevSAM2", status, this::isCanceled);
		try {
			ModelInstaller.Installed m = ModelInstaller.installFile(file.toPath(), InstalledModels.root(), name, sha256, image_size, monitor);
			monitor.done("RevSAM2: installed " + m.modelFolder().getFileName());
			InstallModelCommand.report(log, m);
		} catch (CancelledException e) {
			monitor.done("RevSAM2: cancelled");
			cancel("Cancelled");
		} catch (IOException | IllegalArgumentException e) {
			monitor.done("");
			fail(e.getMessage());
		}
	}

	private void fail(String message) {
		cancel(message);
		log.error("RevSAM2: " + message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "Install SAM2 Model", DialogPrompt.MessageType.ERROR_MESSAGE);
	}
}
