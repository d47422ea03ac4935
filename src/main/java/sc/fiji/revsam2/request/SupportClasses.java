package sc.fiji.revsam2.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import sc.fiji.revsam2.algorithm.LabelSupports;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.Support;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/**
 * Gathers supports from one or more labelled volumes into classes, the same way for every front
 * end: one class per label value, its supports in the order the volumes were added; the classes
 * in ascending label order; names from the request. Warns (through {@code warn}) about a class
 * name whose label is in no support and about a class with more than {@value #MANY_SUPPORTS}
 * supports (RevSAM2 is meant for a few and takes longer with each).
 */
public final class SupportClasses {

	/** More supports than this in one class earn a warning. */
	public static final int MANY_SUPPORTS = 20;

	private final Map<Integer, List<Support>> byLabel = new TreeMap<>();

	/**
	 * Adds every labelled slice of {@code labels} (only {@code onlySlices}, 0-based, when not null)
	 * as supports on {@code image}.
	 * @return how many supports were added
	 */
	public int add(Volume image, LabelVolume labels, int[] onlySlices) {
		int n = 0;
		for (ObjectClass c : LabelSupports.classes(image, labels, null, onlySlices)) {
			byLabel.computeIfAbsent(c.label(), x -> new ArrayList<>()).addAll(c.supports());
			n += c.supports().size();
		}
		return n;
	}

	/** Adds classes built elsewhere (e.g. from ROIs). */
	public void add(List<ObjectClass> classes) {
		for (ObjectClass c : classes) byLabel.computeIfAbsent(c.label(), x -> new ArrayList<>()).addAll(c.supports());
	}

	public boolean isEmpty() { return byLabel.isEmpty(); }

	/** The classes, named from {@code names} (label -> name), with the warnings above. */
	public List<ObjectClass> classes(Map<Integer, String> names, String namesOption, Consumer<String> warn) {
		for (Map.Entry<Integer, String> e : names.entrySet()) {
			if (!byLabel.containsKey(e.getKey())) warn.accept(namesOption + ": label " + e.getKey() + " (" + e.getValue() + ") is in no support label image");
		}
		List<ObjectClass> out = new ArrayList<>();
		for (Map.Entry<Integer, List<Support>> e : byLabel.entrySet()) out.add(new ObjectClass(e.getKey(), names.get(e.getKey()), e.getValue()));
		warnMany(out, warn);
		return out;
	}

	/** Warns about each class with more than {@value #MANY_SUPPORTS} supports. */
	public static void warnMany(List<ObjectClass> classes, Consumer<String> warn) {
		for (ObjectClass c : classes) {
			if (c.supports().size() > MANY_SUPPORTS) {
				warn.accept("class " + c.label() + " (" + c.name() + ") has " + c.supports().size()
					+ " support slices; RevSAM2 is meant for a few (1 to ~20) and takes longer with each: choose some of them");
			}
		}
	}
}
