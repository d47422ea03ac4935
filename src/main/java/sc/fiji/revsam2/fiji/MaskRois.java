package sc.fiji.revsam2.fiji;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.volume.LabelVolume;

/**
 * The segmentation as ROIs: one per class and slice with foreground, named
 * {@code <class>-<slice>} (1-based slice), positioned on its slice of the query, in group
 * {@code label} (labels above 255, ImageJ's largest group, get no group).
 */
public final class MaskRois {

	private MaskRois() {}

	/** ROIs class by class (in the order given), slice by slice. */
	public static List<Roi> create(LabelVolume labels, List<ObjectClass> classes, ImagePlus query) {
		boolean hyper = query.getNChannels() > 1 || query.getNFrames() > 1;
		List<Roi> out = new ArrayList<>();
		ThresholdToSelection tts = new ThresholdToSelection();
		for (ObjectClass c : classes) {
			int label = c.label();
			for (int z = 0; z < labels.depth(); z++) {
				short[] s = labels.slice(z);
				byte[] m = new byte[s.length];
				boolean any = false;
				for (int i = 0; i < s.length; i++) {
					if ((s[i] & 0xffff) == label) {
						m[i] = (byte) 255;
						any = true;
					}
				}
				if (!any) continue;
				ByteProcessor bp = new ByteProcessor(labels.width(), labels.height(), m);
				bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
				Roi roi = tts.convert(bp);
				if (roi == null) continue;
				roi.setName(c.name() + "-" + (z + 1));
				if (hyper) roi.setPosition(0, z + 1, 0);
				else roi.setPosition(z + 1);
				if (label <= 255) roi.setGroup(label);
				out.add(roi);
			}
		}
		return out;
	}
}
