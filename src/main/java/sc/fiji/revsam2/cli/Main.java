package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import sc.fiji.revsam2.task.CancelledException;

/**
 * The {@code revsam2} command line: {@code segment}, {@code evaluate}, {@code convert},
 * {@code bench} and {@code demo}. Results go to stdout, progress and errors to stderr; the exit
 * code says what happened ({@link Exit}). {@link #run} does the work without exiting the JVM,
 * so tests and other Java code can call it.
 */
public final class Main {

	static final String HELP = """
		Usage: revsam2 [--version] [--help] <command> [options]

		RevSAM2 for Fiji: training-free 3D segmentation of medical volumes (CT, MRI) from a few
		labelled 2D slices, with SAM2 (TensorFlow Java) and RevSAM2 reverse propagation.

		Commands:
		  segment    segment a volume (or a batch of volumes) from labelled support slices
		  evaluate   Dice (mDSC) and normalised surface Dice (mNSD) of a prediction against a ground truth
		  convert    convert a SAM2 checkpoint (.pt) into a model folder
		  bench      measure speed and memory (random-weight model of a real architecture)
		  demo       segment a synthetic phantom end to end (works with nothing installed)
		  compare    RevSAM2 against its baselines on generated phantoms (Dice, NSD, score-Dice rank correlation)

		Run 'revsam2 <command> --help' for a command's options.

		Global options:
		  --help, -h     this help
		  --version      version information
		  --debug        stack traces for errors
		  --quiet, -q    no progress on stderr

		Results are printed on stdout; progress (one line per stage and per 10 %), warnings and
		errors on stderr. Errors are one line naming the file and the problem.
		Models are looked up in -Drevsam2.models=DIR, else $REVSAM2_MODELS, else ~/.revsam2/models
		(bin/revsam2 uses <repository>/models).
		""" + "\n" + Exit.TABLE;

	private final AtomicBoolean cancelled = new AtomicBoolean();
	private volatile boolean cooperative;
	/** The thread running a command, interrupted by {@link #cancel}. */
	private volatile Thread worker;

	public static void main(String[] args) {
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
		Main main = new Main();
		main.installSignalHandlers();
		int code = main.run(args, System.out, System.err);
		System.out.flush();
		System.err.flush();
		System.exit(code);
	}

	/**
	 * Asks the running command to stop at its next check; it then exits with {@link Exit#CANCELLED}.
	 * The command's thread is interrupted too, so that an output being written is abandoned (its
	 * temporary file deleted) rather than finished: outputs completed before the cancel stay,
	 * nothing else appears, and the exit code is 130 whatever the command was doing.
	 */
	public void cancel() {
		cancelled.set(true);
		Thread w = worker;
		if (w != null) w.interrupt();
	}

	/** Runs a command line and returns its exit code; never calls {@link System#exit}. */
	public int run(String[] args, PrintStream out, PrintStream err) {
		String command = null;
		boolean debug = false, quiet = false;
		int i = 0;
		for (; i < args.length; i++) {
			String a = args[i];
			if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
				out.print(HELP);
				return Exit.OK;
			} else if (a.equals("--version") || a.equals("-V") || a.equals("version")) {
				out.println("RevSAM2 for Fiji " + version() + " (Java " + System.getProperty("java.version") + ")");
				return Exit.OK;
			} else if (a.equals("--debug")) {
				debug = true;
			} else if (a.equals("--quiet") || a.equals("-q")) {
				quiet = true;
			} else if (a.startsWith("-")) {
				err.println("revsam2: error: unknown option " + a + " (options go after the command; see 'revsam2 --help')");
				return Exit.USAGE;
			} else {
				command = a;
				i++;
				break;
			}
		}
		if (command == null) {
			err.println("revsam2: error: no command given: use segment, evaluate, convert, bench, demo or compare (see 'revsam2 --help')");
			return Exit.USAGE;
		}
		String[] rest = Arrays.copyOfRange(args, i, args.length);
		Args.Spec spec;
		String help;
		switch (command) {
			case "segment" -> { spec = SegmentCommand.spec(); help = SegmentCommand.HELP; }
			case "evaluate" -> { spec = EvaluateCommand.spec(); help = EvaluateCommand.HELP; }
			case "convert" -> { spec = ConvertCommand.spec(); help = ConvertCommand.help(); }
			case "bench" -> { spec = BenchCommand.spec(); help = BenchCommand.HELP; }
			case "demo" -> { spec = DemoCommand.spec(); help = DemoCommand.HELP; }
			case "compare" -> { spec = CompareCommand.spec(); help = CompareCommand.HELP; }
			default -> {
				err.println("revsam2: error: unknown command '" + command + "': use segment, evaluate, convert, bench, demo or compare (see 'revsam2 --help')");
				return Exit.USAGE;
			}
		}
		String prefix = "revsam2 " + command + ": ";
		for (String a : rest) {
			if (a.equals("--")) break;
			if (a.equals("--help") || a.equals("-h")) {
				out.print(help);
				return Exit.OK;
			}
		}
		Context ctx = null;
		try {
			Args parsed = spec.parse(rest);
			debug |= parsed.has("--debug");
			quiet |= parsed.has("--quiet");
			boolean tty = out == System.out && err == System.err && stderrIsTerminal();
			ctx = new Context(out, err, tty, quiet, debug, cancelled::get);
			cooperative = !command.equals("convert") && !command.equals("bench");
			worker = Thread.currentThread();
			int code = switch (command) {
				case "segment" -> new SegmentCommand(ctx).run(parsed);
				case "evaluate" -> new EvaluateCommand(ctx).run(parsed);
				case "convert" -> new ConvertCommand(ctx).run(parsed);
				case "bench" -> new BenchCommand(ctx).run(parsed);
				case "compare" -> new CompareCommand(ctx).run(parsed);
				default -> new DemoCommand(ctx).run(parsed);
			};
			if (cancelled.get()) return cancelledExit(ctx, err, prefix); // finished, but asked to stop: 130 all the same
			return code;
		} catch (CliException e) {
			if (cancelled.get()) return cancelledExit(ctx, err, prefix); // e.g. a write abandoned by the cancel
			endLine(ctx);
			if (debug && e.getCause() != null) e.printStackTrace(err);
			err.println(prefix + "error: " + e.getMessage() + (e.exitCode() == Exit.USAGE ? " (see 'revsam2 " + command + " --help')" : ""));
			return e.exitCode();
		} catch (CancelledException e) {
			return cancelledExit(ctx, err, prefix);
		} catch (OutOfMemoryError e) {
			endLine(ctx);
			if (debug) e.printStackTrace(err);
			err.println(prefix + "error: out of memory (" + e.getMessage() + "); give Java more with JAVA_OPTS=-Xmx<size>, or segment fewer slices (--slices)");
			return Exit.INTERNAL;
		} catch (RuntimeException | Error e) {
			if (cancelled.get() && !debug) return cancelledExit(ctx, err, prefix);
			endLine(ctx);
			if (debug) e.printStackTrace(err);
			err.println(prefix + "internal error: " + CliException.oneLine(String.valueOf(e)) + (debug ? "" : " (rerun with --debug for the stack trace)"));
			return Exit.INTERNAL;
		} finally {
			cooperative = false;
			worker = null;
			if (cancelled.get()) Thread.interrupted(); // the caller's thread is not left interrupted
		}
	}

	private static int cancelledExit(Context ctx, PrintStream err, String prefix) {
		endLine(ctx);
		err.println(prefix + "cancelled; no output was written for the unfinished work");
		return Exit.CANCELLED;
	}

	private static void endLine(Context ctx) {
		if (ctx != null) ctx.progress.endLine();
	}

	/** The version of this software: from the jar's Maven metadata, else "dev". */
	static String version() {
		String v = Main.class.getPackage().getImplementationVersion();
		if (v != null) return v;
		try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/sc.fiji/revsam2-fiji/pom.properties")) {
			if (in != null) {
				Properties p = new Properties();
				p.load(in);
				String pv = p.getProperty("version");
				if (pv != null) return pv;
			}
		} catch (IOException e) {
			// fall through
		}
		return "dev";
	}

	/** Whether stderr is a terminal: set by bin/revsam2 ({@code -Drevsam2.tty}), else guessed from the console. */
	private static boolean stderrIsTerminal() {
		String p = System.getProperty("revsam2.tty");
		if (p != null) return Boolean.parseBoolean(p);
		String term = System.getenv("TERM");
		return System.console() != null && term != null && !term.equals("dumb");
	}

	/**
	 * Ctrl-C (SIGINT) and SIGTERM (what a batch system sends first) cancel the running command:
	 * it stops at its next check and exits with 130, leaving no partial output. A second signal,
	 * or a signal during a command that cannot stop midway (convert, bench, whose outputs appear
	 * atomically when complete), exits at once.
	 */
	private void installSignalHandlers() {
		try {
			Class<?> signalClass = Class.forName("sun.misc.Signal");
			Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
			Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
			for (String name : new String[] { "INT", "TERM" }) {
				InvocationHandler h = (proxy, m, margs) -> {
					if (m.getName().equals("handle")) onSignal(name);
					else if (m.getName().equals("hashCode")) return System.identityHashCode(proxy);
					else if (m.getName().equals("equals")) return proxy == margs[0];
					else if (m.getName().equals("toString")) return "revsam2 " + name + " handler";
					return null;
				};
				Object handler = Proxy.newProxyInstance(Main.class.getClassLoader(), new Class<?>[] { handlerClass }, h);
				handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
			}
		} catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
			// no signal API (or signals reserved, e.g. -Xrs): the JVM's default handling stays, and the
			// atomic writes still leave no half-written output file
		}
	}

	private void onSignal(String name) {
		if (cooperative && !cancelled.getAndSet(true)) {
			Thread w = worker;
			if (w != null) w.interrupt(); // abandons an output being written, see cancel()
			System.err.println();
			System.err.println("revsam2: SIG" + name.toUpperCase(Locale.ROOT) + " received: cancelling at the next step (send it again to stop at once)");
			return;
		}
		System.err.println();
		System.err.println("revsam2: SIG" + name + " received: stopping");
		// exit on another thread: System.exit waits for shutdown hooks and must not block the signal thread
		Thread t = new Thread(() -> System.exit(Exit.CANCELLED), "revsam2-exit");
		t.setDaemon(true);
		t.start();
	}
}
