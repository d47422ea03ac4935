package sc.fiji.revsam2.algorithm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.testing.Fixtures.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.revsam2.bench.MaskAgreement;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.Precision;
import sc.fiji.revsam2.tf.TfSam2Model;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.testing.Fixtures;
import sc.fiji.revsam2.volume.Mask2D;

/**
 * bfloat16 against float32 on every fixture: the final masks of the whole pipeline (fraction of
 * equal pixels and Dice, printed for docs/performance.md). The components: sam2.PrecisionTest.
 */
class BFloat16AgreementTest {

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, SAM21_512 })
	void finalMasksAgree(String fx) throws Exception {
		List<List<Mask2D>> finals = new ArrayList<>();
		for (Precision p : Precision.values()) {
			try (TfSam2Model model = TfSam2Model.load(Fixtures.modelFolder(fx), ComputeDevice.CPU, p)) {
				int k = (int) npy(fx, "pipeline.k").data()[0];
				RevSam2Options opt = new RevSam2Options().k(k).fillHoleArea(0);
				try (SliceFeatureCache cache = new SliceFeatureCache(model, 1L << 30)) {
					RevSam2Result r = new RevSam2(model, cache).run(RevSam2ParityTest.volume(npy(fx, "pipeline.query_volume")), RevSam2ParityTest.supports(fx), opt,
						TaskMonitor.NONE);
					List<Mask2D> masks = new ArrayList<>();
					for (int z = 0; z < r.depth(); z++) masks.add(r.finalMask(z));
					finals.add(masks);
				}
			}
		}
		MaskAgreement a = MaskAgreement.of(finals.get(0), finals.get(1));
		System.out.printf("[bf16] %-24s final masks fp32 vs bf16: %.5f of pixels equal, Dice %.4f (%d vs %d foreground pixels)%n", fx, a.equalFraction(), a.dice(),
			a.foregroundA(), a.foregroundB());
		assertTrue(a.equalFraction() >= 0.95, fx + ": bfloat16 and float32 masks agree on only " + a.equalFraction());
	}
}
