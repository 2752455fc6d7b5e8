import type { AuthProvider } from 'react-admin';
import { toHttpError } from './apiError.ts';
import { API_URL, httpClient } from './httpClient.ts';
import { clearSession, getToken, getUser, type SessionUser, saveSession, saveUser } from './session.ts';

interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const res = await fetch(`${API_URL}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: username?.trim(), password }),
    }).catch((e: unknown) => {
      throw toHttpError(e);
    });
    const body = (await res.json().catch(() => ({}))) as Partial<LoginResponse> & { error?: { message?: string } };
    if (!res.ok || !body.token || !body.user) throw new Error(body.error?.message ?? '用户名或密码错误');
    saveSession(body.token, body.user);
  },
  async logout() {
    const token = getToken();
    clearSession();
    if (token) {
      await fetch(`${API_URL}/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(
        () => undefined,
      );
    }
  },
  async checkAuth() {
    if (!getToken()) throw new Error('请先登录');
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      clearSession();
      throw new Error('登录已过期，请重新登录');
    }
  },
  async getIdentity() {
    let user = getUser();
    if (!user) {
      const res = await httpClient(`${API_URL}/auth/me`);
      user = res.json as SessionUser;
      saveUser(user);
    }
    return { id: user.id, fullName: user.displayName, unitName: user.unitName, role: user.role };
  },
  async getPermissions() {
    return getUser()?.role ?? null;
  },
};
