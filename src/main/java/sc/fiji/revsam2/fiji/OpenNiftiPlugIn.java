package sc.fiji.revsam2.fiji;

import java.awt.GraphicsEnvironment;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.io.OpenDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import sc.fiji.revsam2.io.NiftiImage;
import sc.fiji.revsam2.io.NiftiImagePlus;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.io.VolumeIOException;

/**
 * File>Import>RevSAM2 Open NIfTI (IJ1): the NIfTI import for plain ImageJ 1.x and IJ1 macros,
 * headless included ({@code run("RevSAM2 Open NIfTI (IJ1)", "open=[/data/ct.nii.gz]");}). Like
 * the SciJava import it keeps the NIfTI header with the image, so that a segmentation saved as
 * NIfTI has the input's geometry. The image becomes the current image.
 */
public class OpenNiftiPlugIn implements PlugIn {

	public static final String COMMAND = "RevSAM2 Open NIfTI (IJ1)";

	private String error;

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		String path = arg != null && !arg.isBlank() ? arg : options == null ? null : Macro.getValue(options, "open", null);
		if (path == null) {
			if (GraphicsEnvironment.isHeadless()) {
				fail("no file: give it as open=[path]");
				return;
			}
			OpenDialog od = new OpenDialog("Open NIfTI (RevSAM2)");
			if (od.getPath() == null) return;
			path = od.getPath();
		}
		try {
			NiftiImage nifti = NiftiReader.read(Paths.get(path));
			for (String w : nifti.warnings()) IJ.log(Paths.get(path).getFileName() + ": " + w);
			String name = Paths.get(path).getFileName().toString().replaceFirst("(?i)\\.(nii|hdr|img)(\\.gz)?$", "");
			ImagePlus imp = NiftiImagePlus.toImagePlus(nifti, name);
			if (GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode()) WindowManager.setTempCurrentImage(imp);
			else imp.show();
		} catch (VolumeIOException e) {
			fail(e.getMessage());
		}
	}

	/** The message of the last failure of this instance (null if it succeeded). */
	public String error() { return error; }

	private void fail(String message) {
		error = message;
		IJ.log("RevSAM2: " + message);
		if (!GraphicsEnvironment.isHeadless()) IJ.error("Open NIfTI (RevSAM2)", message);
	}
}
