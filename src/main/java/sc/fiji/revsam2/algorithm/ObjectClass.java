package sc.fiji.revsam2.algorithm;

import java.util.List;

/** One object to segment: its label value in the output, a display name, and its labelled support slices. */
public record ObjectClass(int label, String name, List<Support> supports) {

	public ObjectClass {
		if (label < 1 || label > sc.fiji.revsam2.volume.LabelVolume.MAX_LABEL) throw new IllegalArgumentException("class label must be 1.." + sc.fiji.revsam2.volume.LabelVolume.MAX_LABEL + ", got " + label);
		if (name == null || name.isBlank()) name = "class " + label;
		supports = List.copyOf(supports);
	}
}
