namespace ModelGen.Serialization;

/// <summary>The element type an .npy array held in its file, before conversion to float32.</summary>
public enum NpyType
{
    Float32,
    Float64,
    Float16,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Bool,
}
