package sc.fiji.revsam2.bench;

import java.util.List;

import sc.fiji.revsam2.volume.Mask2D;

/**
 * How far two segmentations of the same slices agree: the fraction of pixels with the same
 * value, and the Dice of their foregrounds summed over all slices (1 when both are empty).
 */
public record MaskAgreement(double equalFraction, double dice, long foregroundA, long foregroundB) {

	/** @throws IllegalArgumentException if the lists or mask sizes differ */
	public static MaskAgreement of(List<Mask2D> a, List<Mask2D> b) {
		if (a.size() != b.size()) throw new IllegalArgumentException(a.size() + " masks against " + b.size());
		long equal = 0, total = 0, both = 0, na = 0, nb = 0;
		for (int z = 0; z < a.size(); z++) {
			boolean[] pa = a.get(z).pixels(), pb = b.get(z).pixels();
			if (pa.length != pb.length) throw new IllegalArgumentException("slice " + z + ": masks of " + pa.length + " and " + pb.length + " pixels");
			for (int i = 0; i < pa.length; i++) {
				if (pa[i] == pb[i]) equal++;
				if (pa[i]) na++;
				if (pb[i]) nb++;
				if (pa[i] && pb[i]) both++;
			}
			total += pa.length;
		}
		return new MaskAgreement(total == 0 ? 1 : (double) equal / total, na + nb == 0 ? 1 : 2.0 * both / (na + nb), na, nb);
	}
}
