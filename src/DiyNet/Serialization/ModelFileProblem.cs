namespace DiyNet.Serialization;

/// <summary>What is wrong with a model file (<see cref="ModelFileException.Problem"/>).</summary>
public enum ModelFileProblem
{
    /// <summary>The file ends before the header or the tensor data it announces.</summary>
    Truncated,

    /// <summary>The 8-byte header length is larger than the limit (<see cref="SafeTensors.MaxHeaderBytes"/>).</summary>
    HeaderTooLarge,

    /// <summary>The header is not a JSON object (or not UTF-8).</summary>
    HeaderNotJson,

    /// <summary>A tensor entry or the metadata does not have the form safetensors prescribes (missing field, wrong
    /// type, duplicate name).</summary>
    BadEntry,

    /// <summary>A tensor has a dtype this reader does not convert (DiyNet reads F32, F64, F16, BF16).</summary>
    UnknownDtype,

    /// <summary>A shape holds something other than non-negative whole numbers (NaN, a fraction, a negative number) or
    /// too many elements.</summary>
    BadShape,

    /// <summary>Data offsets lie outside the data section, run backwards, or leave bytes unaccounted for.</summary>
    OffsetsOutOfRange,

    /// <summary>Two tensors' data ranges overlap.</summary>
    OffsetsOverlap,

    /// <summary>A tensor's byte range differs from its dtype size × element count.</summary>
    WrongSize,

    /// <summary>The file was written by a newer DiyNet file format than this one reads.</summary>
    NewerVersion,

    /// <summary>The architecture names a module type that is not in the <see cref="ModuleCatalog"/>.</summary>
    UnknownModuleType,

    /// <summary>The architecture in the metadata is missing, not JSON, or cannot be built.</summary>
    BadArchitecture,

    /// <summary>The tensors do not match the network (missing, unexpected or mis-shaped).</summary>
    WrongTensors,
}
