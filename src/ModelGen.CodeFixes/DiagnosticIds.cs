namespace ModelGen.CodeFixes
{
    /// <summary>
    /// The generator's IDs that have a fix (src/ModelGen.Generator/DiagnosticDescriptors.cs).
    /// Constants, so that this assembly needs nothing of the generator's; a test checks that they
    /// still name the generator's descriptors.
    /// </summary>
    internal static class DiagnosticIds
    {
        public const string ClassNotPartial = "MG0001";
        public const string ContainingTypeNotPartial = "MG0004";
        public const string MissingLoss = "MG0011";
        public const string StepInTrainable = "MG0013";
        public const string WindowDoesNotTile = "MG0021";
    }
}
