namespace DiyNet.Serialization;

/// <summary>The kind of value a module's constructor argument takes in a <see cref="ModuleSpec"/>.</summary>
public enum ArgumentKind
{
    /// <summary>A whole number (a JSON integer).</summary>
    Int,

    /// <summary>A float32 number.</summary>
    Float,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A list of whole numbers (a shape, e.g. <c>Unflatten(16, 16, 1)</c>).</summary>
    IntList,

    /// <summary>A string.</summary>
    Text,
}
