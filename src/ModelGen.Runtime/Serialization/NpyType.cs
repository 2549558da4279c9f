namespace ModelGen.Serialization;

/// <summary>
/// The element type an .npy array held in its file (in either byte order; the dtype strings
/// below are the little-endian ones), before conversion to float32.
/// </summary>
public enum NpyType
{
    /// <summary>32-bit float ('&lt;f4'): read as it is.</summary>
    Float32,

    /// <summary>64-bit float ('&lt;f8'), as the book's chapter 3 weights: rounded to the nearest float32.</summary>
    Float64,

    /// <summary>16-bit float ('&lt;f2'): widened exactly.</summary>
    Float16,

    /// <summary>Signed byte ('|i1').</summary>
    Int8,

    /// <summary>Unsigned byte ('|u1'), as pixel data usually is.</summary>
    UInt8,

    /// <summary>Signed 16-bit integer ('&lt;i2').</summary>
    Int16,

    /// <summary>Unsigned 16-bit integer ('&lt;u2').</summary>
    UInt16,

    /// <summary>Signed 32-bit integer ('&lt;i4'): values beyond 2²⁴ are rounded to the nearest float32.</summary>
    Int32,

    /// <summary>Unsigned 32-bit integer ('&lt;u4'): values beyond 2²⁴ are rounded to the nearest float32.</summary>
    UInt32,

    /// <summary>Signed 64-bit integer ('&lt;i8'): values beyond 2²⁴ are rounded to the nearest float32.</summary>
    Int64,

    /// <summary>Unsigned 64-bit integer ('&lt;u8'): values beyond 2²⁴ are rounded to the nearest float32.</summary>
    UInt64,

    /// <summary>Boolean ('|b1'): false becomes 0, true 1.</summary>
    Bool,
}
