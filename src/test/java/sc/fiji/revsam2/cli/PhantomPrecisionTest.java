package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.algorithm.LabelSupports;
import sc.fiji.revsam2.algorithm.MultiClassSegmenter;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.bench.MaskAgreement;
import sc.fiji.revsam2.bench.Phantom;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.Precision;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.tf.TfSam2Model;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.metrics.Dice;

/**
 * The trained phantom model (converted at its 256 px) on the demo's phantom case, in float32 and
 * bfloat16: the final masks of both mostly agree and bfloat16 still finds the organ, but less
 * well (measured figures in docs/performance.md).
 */
class PhantomPrecisionTest {

	@Test
	void bfloat16SegmentsThePhantomLikeFloat32(@TempDir Path tmp) throws Exception {
		Path phantomModel = PhantomModel.folder();
		Phantom.Case query = Phantom.generate(1), atlas = Phantom.generate(1001);
		LabelVolume supports = Phantom.supportLabels(atlas.truth(), 3);
		List<ObjectClass> classes = LabelSupports.classes(atlas.image(), supports, Map.of(1, "organ", 2, "kidney"));
		RevSam2Options opt = new RevSam2Options().k(10).fillHoleArea(0).window(IntensityWindow.CT_ABDOMEN);
		List<LabelVolume> labels = new ArrayList<>();
		for (Precision p : Precision.values()) {
			try (TfSam2Model m = TfSam2Model.load(phantomModel, ComputeDevice.CPU, p)) {
				labels.add(new MultiClassSegmenter(m, opt).segment(query.image(), classes, TaskMonitor.NONE).labels());
			}
		}
		for (int label = 1; label <= 2; label++) {
			MaskAgreement a = MaskAgreement.of(masks(labels.get(0), label), masks(labels.get(1), label));
			double fp32 = Dice.of(labels.get(0), query.truth(), label), bf16 = Dice.of(labels.get(1), query.truth(), label);
			System.out.printf("[bf16] phantom class %d: fp32 vs bf16 masks %.5f of pixels equal, Dice %.4f; Dice with the truth fp32 %.4f, bf16 %.4f%n", label,
				a.equalFraction(), a.dice(), fp32, bf16);
			assertTrue(a.equalFraction() >= 0.95, "class " + label + ": masks agree on only " + a.equalFraction());
			// measured: bfloat16 costs this small trained model a lot of the organ's Dice (0.85 -> 0.60),
			// the reason bfloat16 is opt-in; it must still find the organ
			if (label == 1) assertTrue(fp32 > 0.8 && bf16 > 0.5, "organ Dice fp32 " + fp32 + ", bf16 " + bf16);
		}
	}

	private static List<Mask2D> masks(LabelVolume v, int label) {
		List<Mask2D> out = new ArrayList<>();
		for (int z = 0; z < v.depth(); z++) {
			short[] s = v.slice(z);
			boolean[] m = new boolean[s.length];
			for (int i = 0; i < s.length; i++) m[i] = (s[i] & 0xffff) == label;
			out.add(new Mask2D(v.width(), v.height(), m));
		}
		return out;
	}
}
