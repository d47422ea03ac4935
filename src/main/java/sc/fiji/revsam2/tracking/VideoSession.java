package sc.fiji.revsam2.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.task.TaskMonitor;

/**
 * One small "video" tracked the way SAM2's video predictor does it: conditioning frames (with
 * mask prompts) and propagation forward or backward from a start frame, each tracked frame
 * attending to the memory bank {@link MemoryBankSelector} chooses. Outputs of both passes are
 * kept, so a backward pass sees the forward pass's frames as memory.
 *
 * <p>Conditioning outputs are prepared elsewhere ({@link ConditioningEncoder}) and may be shared
 * by several sessions; the session closes only the outputs it made.</p>
 */
public final class VideoSession implements AutoCloseable {

	/** Receives each frame's output as it is produced. */
	public interface FrameListener {
		void frame(int index, TrackedOutput output, boolean conditioning);
	}

	private final List<FrameSource> frames;
	private final TrackStep step;
	private final MemoryBankSelector selector;
	private final Map<Integer, TrackedOutput> conditioning = new LinkedHashMap<>();
	private final Map<Integer, TrackedOutput> tracked = new TreeMap<>();

	public VideoSession(Sam2Model model, List<FrameSource> frames) {
		this(new TrackStep(model), new MemoryBankSelector(model.config()), frames);
	}

	public VideoSession(TrackStep step, MemoryBankSelector selector, List<FrameSource> frames) {
		if (frames.isEmpty()) throw new IllegalArgumentException("a video needs at least one frame");
		this.frames = List.copyOf(frames);
		this.step = step;
		this.selector = selector;
	}

	public int numFrames() { return frames.size(); }

	/** Makes frame {@code index} a conditioning frame with this (prepared) output. */
	public void addConditioning(int index, TrackedOutput output) {
		checkIndex(index);
		conditioning.put(index, output);
		TrackedOutput old = tracked.remove(index);
		if (old != null) old.close();
	}

	/** SAM2's default start of propagation: the first conditioning frame. */
	public int firstConditioningFrame() {
		return conditioning.keySet().stream().mapToInt(Integer::intValue).min()
			.orElseThrow(() -> new IllegalStateException("no conditioning frame: add a mask prompt first"));
	}

	/**
	 * Propagates from {@code start} to the last frame (forward) or to frame 0 ({@code reverse}),
	 * like {@code propagate_in_video}: conditioning frames yield their output, others are tracked.
	 */
	public void propagate(int start, boolean reverse, FrameListener listener, TaskMonitor monitor) {
		checkIndex(start);
		if (conditioning.isEmpty()) throw new IllegalStateException("no conditioning frame: add a mask prompt first");
		if (reverse && start == 0) return; // SAM2 skips a reverse pass that starts at frame 0
		int end = reverse ? 0 : frames.size() - 1, dir = reverse ? -1 : 1;
		for (int f = start; reverse ? f >= end : f <= end; f += dir) {
			monitor.checkCancelled();
			TrackedOutput cond = conditioning.get(f);
			if (cond != null) {
				listener.frame(f, cond, true);
				continue;
			}
			TrackedOutput out = trackOne(f, reverse);
			TrackedOutput old = tracked.put(f, out);
			if (old != null) old.close();
			listener.frame(f, out, false);
		}
	}

	/** The memory bank frame {@code f} would attend to now. */
	public MemoryBankInput selection(int f, boolean reverse) {
		return selector.select(f, frames.size(), reverse, conditioning, tracked);
	}

	private TrackedOutput trackOne(int f, boolean reverse) {
		MemoryBankInput bank = selection(f, reverse);
		FrameSource source = frames.get(f);
		try (FrameSource.FeatureLease lease = source.features()) {
			return step.track(lease.get(), bank, new FrameSource[] { source })[0];
		}
	}

	public FrameSource frame(int index) { return frames.get(index); }

	/** Tracked (non-conditioning) outputs so far, by frame. */
	public Map<Integer, TrackedOutput> trackedOutputs() { return Collections.unmodifiableMap(tracked); }

	private void checkIndex(int i) {
		if (i < 0 || i >= frames.size()) throw new IndexOutOfBoundsException("frame " + i + " of a " + frames.size() + "-frame video");
	}

	@Override
	public void close() {
		tracked.values().forEach(TrackedOutput::close);
		tracked.clear();
	}
}
