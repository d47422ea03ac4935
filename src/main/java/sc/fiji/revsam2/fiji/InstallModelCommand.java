package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.MetaCheckpoint;
import sc.fiji.revsam2.sam2.ModelInstaller;
import sc.fiji.revsam2.task.CancelledException;

/**
 * Plugins>Segmentation>RevSAM2>Install SAM2 Model: downloads one of Meta's official SAM2
 * checkpoints, checks its SHA-256, converts it into the models folder and deletes the download
 * unless asked to keep it (a mirror's address may replace Meta's). Macro: {@code run("Install SAM2 Model", "checkpoint=sam2.1_hiera_tiny");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>RevSAM2>Install SAM2 Model")
public class InstallModelCommand extends ContextCommand {

	@Parameter(label = "Checkpoint", choices = { "sam2.1_hiera_tiny", "sam2.1_hiera_small", "sam2.1_hiera_base_plus", "sam2.1_hiera_large", "sam2_hiera_tiny",
		"sam2_hiera_small", "sam2_hiera_base_plus", "sam2_hiera_large", "MedSAM2_latest", "MedSAM2_2411", "MedSAM2_CTLesion", "MedSAM2_MRI_LiverLesion",
		"MedSAM2_US_Heart", "MedSAM2_pretrain" }, description = "Meta's SAM2 (1024 px; tiny: 156 MB, fastest; large: 898 MB), bowang-lab's MedSAM2 "
			+ "(Tiny fine-tuned on 3D medical images, 512 px, 156 MB; no published SHA-256: not verified, its digest is reported) or "
			+ "Medical-SAM2's MedSAM2_pretrain (1024 px; not verified either)")
	private String checkpoint = "sam2.1_hiera_tiny";

	@Parameter(label = "Model name (optional)", required = false, description = "Name of the installed model; blank: the checkpoint's name")
	private String name = "";

	@Parameter(label = "Expected SHA-256 (optional)", required = false, description = "Blank: the recorded digest of Meta's file (none for MedSAM2 / Medical-SAM2)")
	private String sha256 = "";

	@Parameter(label = "Download from (optional)", required = false, description = "A mirror's URL of the same file; blank: Meta's URL")
	private String url = "";

	@Parameter(label = "Keep the downloaded .pt file")
	private boolean keep_checkpoint;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		FijiTaskMonitor monitor = new FijiTaskMonitor("RevSAM2", status, this::isCanceled);
		try {
			MetaCheckpoint c = MetaCheckpoint.parse(checkpoint);
			ModelInstaller.Installed m = ModelInstaller.installOfficial(c, source(c), InstalledModels.root(), name, sha256, keep_checkpoint, monitor);
			monitor.done("RevSAM2: installed " + m.modelFolder().getFileName());
			report(log, m);
		} catch (CancelledException e) {
			monitor.done("RevSAM2: cancelled");
			cancel("Cancelled");
		} catch (IOException | IllegalArgumentException e) {
			monitor.done("");
			fail(e.getMessage());
		}
	}

	private URI source(MetaCheckpoint c) {
		String u = url == null || url.isBlank() ? c.url() : url.trim();
		try {
			URI uri = new URI(u);
			if (uri.getScheme() == null || uri.getHost() == null) throw new URISyntaxException(u, "not an http(s) address");
			return uri;
		} catch (URISyntaxException e) {
			throw new IllegalArgumentException("'" + u + "' is not a download address: " + e.getReason());
		}
	}

	static void report(LogService log, ModelInstaller.Installed m) {
		String text = "RevSAM2: installed " + m.modelFolder() + "\n  " + String.join("\n  ", m.notes())
			+ (m.keptCheckpoint() == null ? "" : "\n  checkpoint kept as " + m.keptCheckpoint());
		log.info(text);
		RunOutputs.log(text);
	}

	private void fail(String message) {
		cancel(message);
		log.error("RevSAM2: " + message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "Install SAM2 Model", DialogPrompt.MessageType.ERROR_MESSAGE);
	}
}
