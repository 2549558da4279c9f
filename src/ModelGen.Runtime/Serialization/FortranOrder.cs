namespace ModelGen.Serialization;

/// <summary>
/// Walks an array's elements in Fortran (column-major) order, the first index fastest, and
/// gives each one's offset in C (row-major) order: values read from a Fortran-order file go
/// straight to their C-order place, with no second array. The offset is kept in step with the
/// index, so a step costs no division.
/// </summary>
internal sealed class FortranOrder
{
    private readonly int[] _shape;
    private readonly long[] _cStride;
    private readonly int[] _index;
    private long _offset;

    public FortranOrder(int[] shape)
    {
        _shape = shape;
        _cStride = new long[shape.Length];
        long stride = 1;
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            _cStride[axis] = stride;
            stride *= shape[axis];
        }
        _index = new int[shape.Length];
    }

    /// <summary>The C-order offset of the next element in Fortran order.</summary>
    public int Next()
    {
        int current = (int)_offset;
        for (int axis = 0; axis < _shape.Length; axis++)
        {
            _index[axis]++;
            _offset += _cStride[axis];
            if (_index[axis] < _shape[axis])
                break;
            // This axis wrapped: back to its start, and carry into the next one.
            _offset -= _cStride[axis] * _shape[axis];
            _index[axis] = 0;
        }
        return current;
    }
}
