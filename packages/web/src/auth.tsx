import { createContext, useContext } from "react";
import type { User } from "./api.js";

export interface AuthState {
  user: User | null;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const AuthContext = createContext<AuthState>({ user: null, refresh: async () => {}, signOut: async () => {} });
export const useAuth = () => useContext(AuthContext);
