public enum BuiltinPacks {}
