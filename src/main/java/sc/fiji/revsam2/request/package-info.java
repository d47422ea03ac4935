/**
 * What a user asks for when segmenting, independent of the front end: {@link SegmentationRequest}
 * (classes, slice range, window, method, k, hole filling, precision, outputs), the one parser of
 * the text forms that macros and the command line share ({@link RequestText}), the rules that
 * turn supports into classes ({@link SupportClasses}) and the checks of outputs made before any
 * work starts ({@link OutputCheck}). No ImageJ, no TensorFlow.
 */
package sc.fiji.revsam2.request;
