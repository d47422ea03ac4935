package sc.fiji.revsam2.algorithm;

import sc.fiji.revsam2.sam2.ModelCallStats;

/** Wall time and model calls of one stage of a run. */
public record StageReport(String stage, double seconds, ModelCallStats calls) {

	@Override
	public String toString() {
		return String.format("%-22s %8.2f s   %s", stage, seconds, calls);
	}
}
