package io.maskwatch.openvino;

/** An input or output of a model: its position, tensor name, shape and element type. */
public record Port(int index, String name, PartialShape shape, ElementType elementType) {
}
