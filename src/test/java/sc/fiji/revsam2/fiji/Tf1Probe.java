package sc.fiji.revsam2.fiji;

/**
 * What a TensorFlow 1.x plugin (CSBDeep, StarDist) does, called from a macro in a Fiji.app that
 * has TensorFlow 1.15's jars and an old protobuf-java in {@code jars/}: its version, and a graph
 * run in a session configured with a ConfigProto (TensorFlow 1.15's proto classes on
 * protobuf-java 3.5). Reflection only: this project compiles against TensorFlow Java 1.1.0.
 */
public final class Tf1Probe {

	private Tf1Probe() {}

	/** "1.15.0 2+3=5.0" when TensorFlow 1.x works. */
	public static String run() throws ReflectiveOperationException {
		ClassLoader cl = Tf1Probe.class.getClassLoader();
		Class<?> tensorFlow = cl.loadClass("org.tensorflow.TensorFlow"), graphClass = cl.loadClass("org.tensorflow.Graph"),
			sessionClass = cl.loadClass("org.tensorflow.Session"), tensors = cl.loadClass("org.tensorflow.Tensors"), tensorClass = cl.loadClass("org.tensorflow.Tensor"),
			configProto = cl.loadClass("org.tensorflow.framework.ConfigProto");
		String version = (String) tensorFlow.getMethod("version").invoke(null);
		Object builder = configProto.getMethod("newBuilder").invoke(null);
		builder.getClass().getMethod("setAllowSoftPlacement", boolean.class).invoke(builder, true);
		byte[] config = (byte[]) configProto.getMethod("toByteArray").invoke(builder.getClass().getMethod("build").invoke(builder));
		Object graph = graphClass.getConstructor().newInstance();
		try {
			Object a = constant(graph, "a", tensors.getMethod("create", float.class).invoke(null, 2f), tensorClass);
			Object b = constant(graph, "b", tensors.getMethod("create", float.class).invoke(null, 3f), tensorClass);
			Class<?> outputClass = cl.loadClass("org.tensorflow.Output");
			Object add = graphClass.getMethod("opBuilder", String.class, String.class).invoke(graph, "Add", "sum");
			add.getClass().getMethod("addInput", outputClass).invoke(add, a);
			add.getClass().getMethod("addInput", outputClass).invoke(add, b);
			add.getClass().getMethod("build").invoke(add);
			Object session = sessionClass.getConstructor(graphClass, byte[].class).newInstance(graph, config);
			try {
				Object runner = sessionClass.getMethod("runner").invoke(session);
				runner.getClass().getMethod("fetch", String.class).invoke(runner, "sum");
				Object result = ((java.util.List<?>) runner.getClass().getMethod("run").invoke(runner)).get(0);
				float sum = (float) tensorClass.getMethod("floatValue").invoke(result);
				tensorClass.getMethod("close").invoke(result);
				return version + " 2+3=" + sum;
			} finally {
				sessionClass.getMethod("close").invoke(session);
			}
		} finally {
			graphClass.getMethod("close").invoke(graph);
		}
	}

	private static Object constant(Object graph, String name, Object tensor, Class<?> tensorClass) throws ReflectiveOperationException {
		ClassLoader cl = Tf1Probe.class.getClassLoader();
		Class<?> dataType = cl.loadClass("org.tensorflow.DataType");
		Object op = graph.getClass().getMethod("opBuilder", String.class, String.class).invoke(graph, "Const", name);
		op.getClass().getMethod("setAttr", String.class, dataType).invoke(op, "dtype", dataType.getField("FLOAT").get(null));
		op.getClass().getMethod("setAttr", String.class, tensorClass).invoke(op, "value", tensor);
		Object operation = op.getClass().getMethod("build").invoke(op);
		return operation.getClass().getMethod("output", int.class).invoke(operation, 0);
	}
}
