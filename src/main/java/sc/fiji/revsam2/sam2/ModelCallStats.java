package sc.fiji.revsam2.sam2;

import java.util.EnumMap;
import java.util.Map;

/** Counts and total time of model calls by kind; {@link #minus} gives the calls of one stage. */
public final class ModelCallStats {

	public enum Kind {
		/** Images through the image encoder (one per slice, whatever the batching). */
		IMAGE_ENCODER,
		/** Memory-attention calls (a batch of frames sharing a memory counts once). */
		MEMORY_ATTENTION,
		/** Frames through memory attention. */
		MEMORY_ATTENTION_FRAMES,
		MASK_DECODER,
		MEMORY_ENCODER
	}

	private final EnumMap<Kind, Long> counts = new EnumMap<>(Kind.class);
	private final EnumMap<Kind, Long> nanos = new EnumMap<>(Kind.class);

	public ModelCallStats() {
		for (Kind k : Kind.values()) {
			counts.put(k, 0L);
			nanos.put(k, 0L);
		}
	}

	synchronized void add(Kind kind, long count, long elapsedNanos) {
		counts.merge(kind, count, Long::sum);
		nanos.merge(kind, elapsedNanos, Long::sum);
	}

	public synchronized long count(Kind kind) { return counts.get(kind); }

	public synchronized double seconds(Kind kind) { return nanos.get(kind) / 1e9; }

	public synchronized ModelCallStats copy() {
		ModelCallStats c = new ModelCallStats();
		c.counts.putAll(counts);
		c.nanos.putAll(nanos);
		return c;
	}

	/** The calls made since {@code earlier} (a copy taken before). */
	public synchronized ModelCallStats minus(ModelCallStats earlier) {
		ModelCallStats d = new ModelCallStats();
		for (Kind k : Kind.values()) {
			d.counts.put(k, counts.get(k) - earlier.count(k));
			d.nanos.put(k, nanos.get(k) - earlier.nanos.get(k));
		}
		return d;
	}

	public synchronized Map<Kind, Long> counts() { return new EnumMap<>(counts); }

	@Override
	public synchronized String toString() {
		StringBuilder sb = new StringBuilder();
		for (Kind k : Kind.values()) {
			if (sb.length() > 0) sb.append(", ");
			sb.append(k.name().toLowerCase()).append(' ').append(counts.get(k)).append(String.format(" (%.2f s)", nanos.get(k) / 1e9));
		}
		return sb.toString();
	}
}
